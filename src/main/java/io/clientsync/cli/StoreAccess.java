package io.clientsync.cli;

import io.clientsync.app.SettingsLoader;
import io.clientsync.config.Settings;
import io.clientsync.state.StateStore;

import java.util.Map;

/** The state store of the settings a command was given, for the commands that only read or mark it. */
final class StoreAccess {
    private StoreAccess() {
    }

    static Settings settings(CommonOptions common) {
        return SettingsLoader.settings(common.settings(common.sandbox ? common.sandboxState() : Map.of()));
    }

    static StateStore open(Settings s) {
        return new StateStore(s.required("state.url"), s.optional("state.user").orElse(null),
                s.optionalSecret("state.password").orElse(null), 2);
    }
}
