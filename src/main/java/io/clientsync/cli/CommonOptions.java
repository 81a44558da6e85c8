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

    @Option(names = "--source", paramLabel = "KIND",
            description = "with --sandbox: the kind of source that serves the sample changes (default: feed)")
    String source;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "a setting, winning over the file and the environment (also as a JVM -D before -jar)")
    Map<String, String> defines = new java.util.LinkedHashMap<>();

    Properties settings(Map<String, String> overrides) {
        Path file = config == null ? Path.of("application.properties") : config;
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.putAll(defines);
        return SettingsLoader.load(file, config != null, all);
    }

    Map<String, String> sandboxState() {
        return Map.of("state.url", Sandbox.STATE_URL, "state.user", "", "state.password", "");
    }
}
