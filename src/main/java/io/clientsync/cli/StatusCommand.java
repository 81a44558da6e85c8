package io.clientsync.cli;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.pipeline.PipelineStatus;
import io.clientsync.pipeline.PipelineStatuses;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.Ledger;
import io.clientsync.state.RunStore;
import io.clientsync.state.StateStore;
import io.clientsync.state.VendorPositions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code status}: one line per pipeline (the source, each enabled vendor): state, position, lag in changes, age of
 * the oldest waiting change, down since when and why, last run. Reads the store; works while a sync runs or not.
 */
@Command(name = "status", description = "One line per pipeline: state, position, lag, oldest waiting change.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try {
            Settings s = StoreAccess.settings(common);
            try (StateStore store = StoreAccess.open(s)) {
                Inbox inbox = new Inbox(store);
                PipelineStatuses statuses = new PipelineStatuses(inbox, new VendorPositions(store, new Ledger(store)),
                        new CursorStore(store, inbox), new RunStore(store));
                for (PipelineStatus status : statuses.all(s.list("vendors.enabled"))) {
                    System.out.println(status.line());
                }
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println("client-sync: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }
}
