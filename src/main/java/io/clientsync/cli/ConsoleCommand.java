package io.clientsync.cli;

import io.clientsync.app.ClientSyncApp;
import io.clientsync.sandbox.Sandbox;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code console}: the web console on the management port against the store, with no sync, until stopped. For
 * those who run {@code --once} from a job runner: the console of a scheduled process is on its port already.
 */
@Command(name = "console", description = "Serve the web console (and health, metrics) against the store; no sync.")
public final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        // With --sandbox the simulators start too (on the sandbox's store, not emptied), so a replay can land.
        try (Sandbox sandbox = common.sandbox ? Sandbox.start(false) : null) {
            Main main = ClientSyncApp.createConsoleMain(common.settings(sandbox == null ? Map.of()
                    : sandbox.settings()), common.routes);
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            return ClientSyncCommand.configErrorOrThrow(e);
        }
    }
}
