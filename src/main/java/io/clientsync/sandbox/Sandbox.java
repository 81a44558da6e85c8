package io.clientsync.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --sandbox}: a sample feed and a simulator of every vendor on loopback, and the settings that point
 * client-sync at them. The sandbox keeps its own H2 state store, emptied at each start, so every sandbox run
 * starts from the first page.
 */
public final class Sandbox implements AutoCloseable {
    public static final String STATE_URL = "jdbc:h2:file:./data/sandbox";
    public static final String FATORA_KEY = "sandbox-fatora-key";

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private FatoraSimulator fatora;

    public static Sandbox start(boolean resetState) {
        if (resetState) {
            resetState();
        }
        Sandbox sandbox = new Sandbox();
        SandboxFeed feed = sandbox.add(new SandboxFeed(SampleFeed.changes()));
        sandbox.fatora = sandbox.add(new FatoraSimulator(FATORA_KEY, SampleFeed.fatoraIds()));
        sandbox.settings.put("source.url", feed.url());
        sandbox.settings.put("source.token", "");
        sandbox.settings.put("sync.page-size", "20");
        sandbox.settings.put("state.url", STATE_URL);
        sandbox.settings.put("state.user", "");
        sandbox.settings.put("state.password", "");
        sandbox.settings.put("vendors.enabled", "fatora");
        sandbox.settings.put("vendor.fatora.base-url", sandbox.fatora.baseUrl());
        sandbox.settings.put("vendor.fatora.api-key", FATORA_KEY);
        return sandbox;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public FatoraSimulator fatora() {
        return fatora;
    }

    private <T extends AutoCloseable> T add(T server) {
        servers.add(server);
        return server;
    }

    private static void resetState() {
        for (String file : List.of("sandbox.mv.db", "sandbox.trace.db")) {
            try {
                Files.deleteIfExists(Path.of("data", file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot reset the sandbox state store data/" + file, e);
            }
        }
    }

    @Override
    public void close() {
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception ignored) {
                // closing a loopback simulator cannot lose anything
            }
        }
    }
}
