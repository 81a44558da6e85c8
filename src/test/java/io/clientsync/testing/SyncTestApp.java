package io.clientsync.testing;

import io.clientsync.app.ClientSyncApp;
import io.clientsync.app.SettingsLoader;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.state.StateStore;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The real application (the project's application.properties, the route files in routes/, the same Camel Main
 * wiring as the command line) started for a test, with fast retries and a private state store.
 */
public final class SyncTestApp implements AutoCloseable {
    private final ClientSyncApp app;
    /** One random inbox key per test JVM, for the PostgreSQL stores (H2 ones make their own). */
    public static final String TEST_SECRET_KEY = java.util.Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));

    private SyncTestApp(ClientSyncApp app) {
        this.app = app;
    }

    /** A fresh in-memory H2 store URL, kept while the JVM lives so a restarted app sees the same state. */
    public static String memoryStore() {
        return "jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** Settings every test wants: fast back-off, no throttle, a private store. Overrides win. */
    public static Map<String, String> testSettings(Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>();
        s.put("state.url", memoryStore());
        s.put("delivery.redelivery-delay-ms", "10");
        s.put("delivery.max-redelivery-delay-ms", "50");
        s.put("delivery.max-retry-after-ms", "2000");
        s.put("source.redelivery-delay-ms", "10");
        s.put("source.max-redelivery-delay-ms", "50");
        s.put("source.max-redeliveries", "2");
        s.put("delivery.concurrency", "4");
        for (String vendor : List.of("fatora", "paymo", "paymo-contacts", "timelog", "everlytic")) {
            s.put("vendor." + vendor + ".rate-limit", "1000");
        }
        s.putAll(overrides);
        if (s.get("state.url").startsWith("jdbc:postgresql:") && !s.containsKey("state.secret-key")) {
            s.put("state.secret-key", TEST_SECRET_KEY); // PostgreSQL stores require one
        }
        return s;
    }

    public static SyncTestApp start(Map<String, String> overrides) {
        Properties props = SettingsLoader.load(Path.of("application.properties"), true, testSettings(overrides));
        try {
            return new SyncTestApp(ClientSyncApp.startOneOff(props, Path.of("routes")));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public RunStats runOnce() {
        return app.runOnce("once");
    }

    public CamelContext camel() {
        return app.camel();
    }

    public <T> T bean(String name, Class<T> type) {
        return app.camel().getRegistry().lookupByNameAndType(name, type);
    }

    public List<DeadLetter> deadLetters() {
        return bean("deadLetterStore", DeadLetterStore.class).all();
    }

    public StateStore store() {
        return bean("stateStore", StateStore.class);
    }

    @Override
    public void close() {
        app.close();
    }
}
