package io.clientsync.cli;

import io.clientsync.app.ClientSyncApp;
import io.clientsync.delivery.Replayer;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code replay [--vendor V] [--id N | --all]}: re-sends the latest state of the named dead letters. */
@Command(name = "replay", description = "Re-send the latest state of open dead letters.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--vendor", paramLabel = "V", description = "only this vendor's dead letters")
    String vendor;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--id", paramLabel = "N", description = "one dead letter")
        Long id;

        @Option(names = "--all", description = "every open dead letter (of --vendor, if given)")
        boolean all;
    }

    @Override
    public Integer call() throws Exception {
        // With --sandbox the simulators start again (on the sandbox's store, not emptied) to take the replay.
        try (io.clientsync.sandbox.Sandbox sandbox = common.sandbox ? io.clientsync.sandbox.Sandbox.start(false) : null;
             ClientSyncApp app = ClientSyncApp.startOneOff(common.settings(sandbox == null ? java.util.Map.of()
                     : sandbox.settings()), common.routes)) {
            var registry = app.camel().getRegistry();
            DeadLetterStore store = registry.lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
            List<DeadLetter> selected = which.id != null ? store.byId(which.id)
                    : vendor != null ? store.openFor(vendor) : store.open();
            if (vendor != null) {
                selected = selected.stream().filter(d -> d.vendor().equals(vendor)).toList();
            }
            if (which.id != null && selected.stream().noneMatch(d -> DeadLetter.OPEN.equals(d.state()))) {
                System.err.println("client-sync: no open dead letter with id " + which.id);
                return ExitCodes.RUN_FAILED;
            }
            Replayer.Result result = registry.lookupByNameAndType("replayer", Replayer.class)
                    .replay(selected, System.out);
            System.out.println("replay: replayed " + result.replayed() + ", discarded " + result.discarded()
                    + ", failed again " + result.failedAgain() + ", left open " + result.leftOpen());
            return result.failedAgain() > 0 ? ExitCodes.DEAD_LETTERS : ExitCodes.OK;
        } catch (Exception e) {
            return ClientSyncCommand.configErrorOrThrow(e);
        }
    }
}
