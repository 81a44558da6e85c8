package io.clientsync.cli;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.delivery.VendorModule;
import io.clientsync.delivery.VendorModules;
import io.clientsync.pipeline.PipelineStatuses;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.Ledger;
import io.clientsync.state.RunStore;
import io.clientsync.state.StateStore;
import io.clientsync.state.VendorPositions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code pause --vendor V} and {@code resume --vendor V}: held in the store, so across restarts and for every node.
 * A paused vendor's pipeline stops after the batch in flight; its changes wait in the inbox, nothing is
 * dead-lettered. Resumed, it catches up from its position (a running node looks within delivery.poll-ms).
 */
public abstract class HoldCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--vendor", required = true, paramLabel = "V", description = "the vendor id, e.g. fatora")
    String vendor;

    abstract boolean pause();

    @Override
    public Integer call() {
        try {
            if (VendorModules.find(vendor).isEmpty()) {
                throw new ConfigException("--vendor", "unknown vendor '" + vendor + "'; known: "
                        + VendorModules.ALL.stream().map(VendorModule::id).toList());
            }
            Settings s = StoreAccess.settings(common);
            try (StateStore store = StoreAccess.open(s)) {
                VendorPositions positions = new VendorPositions(store, new Ledger(store));
                if (pause()) {
                    positions.pause(vendor);
                } else {
                    positions.resume(vendor);
                }
                Inbox inbox = new Inbox(store);
                var status = new PipelineStatuses(inbox, positions, new CursorStore(store, inbox),
                        new RunStore(store)).vendor(positions.of(vendor));
                System.out.println(vendor + (pause() ? " paused: " : " resumed: ") + status.lag()
                        + " change(s) waiting in the inbox");
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println("client-sync: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }

    @Command(name = "pause", description = "Hold a vendor: its changes wait in the inbox (kept across restarts).")
    public static final class Pause extends HoldCommand {
        @Override
        boolean pause() {
            return true;
        }
    }

    @Command(name = "resume", description = "Let a paused vendor catch up from its position.")
    public static final class Resume extends HoldCommand {
        @Override
        boolean pause() {
            return false;
        }
    }
}
