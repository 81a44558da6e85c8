package io.clientsync.cli;

import io.clientsync.app.SettingsLoader;
import io.clientsync.sandbox.Sandbox;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Options every command shares: where the settings and the routes are, and whether to use the sandbox. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "settings file (default: ./application.properties)")
    Path config;

    @Option(names = "--routes", paramLabel = "DIR", description = "route files directory (default: ./routes)")
    Path routes = Path.of("routes");

    @Option(names = "--sandbox", description = "use local simulators of every vendor and a sample feed on loopback")
    boolean sandbox;

    Properties settings(Map<String, String> overrides) {
        Path file = config == null ? Path.of("application.properties") : config;
        return SettingsLoader.load(file, config != null, overrides);
    }

    Map<String, String> sandboxState() {
        return Map.of("state.url", Sandbox.STATE_URL, "state.user", "", "state.password", "");
    }
}
