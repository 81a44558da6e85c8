package io.clientsync.cli;

import io.clientsync.app.SettingsLoader;
import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dead-letters}: one line per open dead letter, {@code <id> <vendor> <client id> v<version> <reason>: <message>}. */
@Command(name = "dead-letters", description = "List open dead letters.")
public final class DeadLettersCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try {
            Settings s = SettingsLoader.settings(common.settings(common.sandbox ? common.sandboxState() : Map.of()));
            try (StateStore store = new StateStore(s.required("state.url"), s.optional("state.user").orElse(null),
                    s.optionalSecret("state.password").orElse(null), 2)) {
                for (DeadLetter d : new DeadLetterStore(store).open()) {
                    System.out.println(d.line());
                }
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println("client-sync: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }
}
