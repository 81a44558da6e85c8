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
    public static final String PAYMO_KEY = "sandbox-paymo-key";
    public static final String PAYMO_USER = "sandbox@client-sync.invalid";
    public static final String PAYMO_PASSWORD = "sandbox-paymo-password";
    public static final String PAYMO_CONTACTS_KEY = "sandbox-paymo-contacts-key";

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private FatoraSimulator fatora;
    private PaymoLegacySimulator paymo;
    private PaymoContactsSimulator paymoContacts;

    public static Sandbox start(boolean resetState) {
        if (resetState) {
            resetState();
        }
        Sandbox sandbox = new Sandbox();
        sandbox.paymo = sandbox.add(new PaymoLegacySimulator(PAYMO_KEY, PAYMO_USER, PAYMO_PASSWORD,
                SampleFeed.paymoIds()));
        // Paymo's own limit is 5 per 5 s; the sandbox allows more so that a sample run takes seconds, not minutes.
        sandbox.paymoContacts = sandbox.add(new PaymoContactsSimulator(PAYMO_CONTACTS_KEY,
                SampleFeed.paymoContactsIds(), 60, 1000));
        SandboxFeed feed = sandbox.add(new SandboxFeed(SampleFeed.changes(sandbox.paymoContacts.imageUrl())));
        sandbox.fatora = sandbox.add(new FatoraSimulator(FATORA_KEY, SampleFeed.fatoraIds()));
        sandbox.settings.put("source.url", feed.url());
        sandbox.settings.put("source.token", "");
        sandbox.settings.put("sync.page-size", "20");
        sandbox.settings.put("state.url", STATE_URL);
        sandbox.settings.put("state.user", "");
        sandbox.settings.put("state.password", "");
        sandbox.settings.put("vendors.enabled", "fatora,paymo,paymo-contacts");
        sandbox.settings.put("vendor.fatora.base-url", sandbox.fatora.baseUrl());
        sandbox.settings.put("vendor.fatora.api-key", FATORA_KEY);
        sandbox.settings.put("vendor.paymo.base-url", sandbox.paymo.baseUrl());
        sandbox.settings.put("vendor.paymo.api-key", PAYMO_KEY);
        sandbox.settings.put("vendor.paymo.username", PAYMO_USER);
        sandbox.settings.put("vendor.paymo.password", PAYMO_PASSWORD);
        sandbox.settings.put("vendor.paymo-contacts.base-url", sandbox.paymoContacts.baseUrl());
        sandbox.settings.put("vendor.paymo-contacts.api-key", PAYMO_CONTACTS_KEY);
        sandbox.settings.put("vendor.paymo-contacts.rate-limit", "50");
        sandbox.settings.put("vendor.paymo-contacts.rate-period-ms", "1000");
        return sandbox;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public FatoraSimulator fatora() {
        return fatora;
    }

    public PaymoLegacySimulator paymo() {
        return paymo;
    }

    public PaymoContactsSimulator paymoContacts() {
        return paymoContacts;
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
