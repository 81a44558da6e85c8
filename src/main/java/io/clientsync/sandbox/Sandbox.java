package io.clientsync.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --sandbox}: a sample feed and a simulator of every vendor on loopback, and the settings that point
 * client-sync at them. The sandbox keeps its own H2 state store, emptied at each start, so every sandbox run
 * starts from the first page.
 */
public final class Sandbox implements AutoCloseable {
    public static final String STATE_URL = "jdbc:h2:file:./data/sandbox;CACHE_SIZE=4096";
    /** Where {@code --sandbox --source file} writes the sample changes as JSON Lines files. */
    public static final Path FILES_DIR = Path.of("data", "sandbox-files");
    public static final String FATORA_KEY = "sandbox-fatora-key";
    public static final String PAYMO_KEY = "sandbox-paymo-key";
    public static final String PAYMO_USER = "sandbox@client-sync.invalid";
    public static final String PAYMO_PASSWORD = "sandbox-paymo-password";
    public static final String PAYMO_CONTACTS_KEY = "sandbox-paymo-contacts-key";
    public static final String TIMELOG_TOKEN = "sandbox-timelog-token";
    public static final String EVERLYTIC_USER = "sandbox";
    public static final String EVERLYTIC_KEY = "sandbox-everlytic-key";

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private FatoraSimulator fatora;
    private PaymoLegacySimulator paymo;
    private PaymoContactsSimulator paymoContacts;
    private TimeLogSimulator timelog;
    private EverlyticSimulator everlytic;

    public static Sandbox start(boolean resetState) {
        return start(resetState, SampleFeed.CLIENTS, true);
    }

    /**
     * @param clients how many sample clients the feed holds and the simulators know
     * @param samples true: the sample feed as documented (a superseded change, four invalid ones, images, Paymo's
     *                contacts limit at 60 a second); false: only valid changes, no images, a contacts limit that
     *                leaves the client's own throttle in charge (the reliability soaks)
     */
    public static Sandbox start(boolean resetState, int clients, boolean samples) {
        if (resetState) {
            resetState();
        }
        Sandbox sandbox = new Sandbox();
        sandbox.paymo = sandbox.add(new PaymoLegacySimulator(PAYMO_KEY, PAYMO_USER, PAYMO_PASSWORD,
                SampleFeed.paymoIds(clients)));
        // Paymo's own limit is 5 per 5 s; the sandbox allows more so that a sample run takes seconds, not minutes.
        sandbox.paymoContacts = sandbox.add(new PaymoContactsSimulator(PAYMO_CONTACTS_KEY,
                SampleFeed.paymoContactsIds(clients), samples ? 60 : 100_000, 1000));
        sandbox.changes = SampleFeed.changes(clients, samples ? sandbox.paymoContacts.imageUrl() : null, samples);
        SandboxFeed feed = sandbox.add(new SandboxFeed(sandbox.changes));
        sandbox.fatora = sandbox.add(new FatoraSimulator(FATORA_KEY, SampleFeed.fatoraIds(clients)));
        sandbox.settings.put("source.url", feed.url());
        sandbox.settings.put("source.token", "");
        sandbox.settings.put("sync.page-size", "20");
        sandbox.settings.put("state.url", STATE_URL);
        sandbox.settings.put("state.user", "");
        sandbox.settings.put("state.password", "");
        sandbox.settings.put("vendors.enabled", "fatora,paymo,paymo-contacts,timelog,everlytic");
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
        sandbox.timelog = sandbox.add(new TimeLogSimulator(TIMELOG_TOKEN, SampleFeed.timelogIds(clients),
                Map.of("DK", 45, "SE", 46, "NO", 47, "DE", 49), Map.of("DKK", 1, "EUR", 2, "SEK", 3),
                Set.of(1, 2, 3), Set.of(4, 5, 6, 7)));
        sandbox.settings.put("vendor.timelog.base-url", sandbox.timelog.baseUrl());
        sandbox.settings.put("vendor.timelog.token", TIMELOG_TOKEN);
        sandbox.settings.put("vendor.timelog.status-ids", "active=1;inactive=2;suspended=3");
        sandbox.settings.put("vendor.timelog.industry-ids", "Hospitality, Travel & Tourism=4;Technology & Science=5;"
                + "Industry, Trade & Manufacture=6;Retail & Wholesale=7");
        sandbox.everlytic = sandbox.add(new EverlyticSimulator(EVERLYTIC_USER, EVERLYTIC_KEY, "UpdateCustomer",
                SampleFeed.everlyticIds(clients)));
        sandbox.settings.put("vendor.everlytic.base-url", sandbox.everlytic.baseUrl());
        sandbox.settings.put("vendor.everlytic.xmlrpc-url", sandbox.everlytic.xmlRpcUrl());
        sandbox.settings.put("vendor.everlytic.xmlrpc-method", "UpdateCustomer");
        sandbox.settings.put("vendor.everlytic.username", EVERLYTIC_USER);
        sandbox.settings.put("vendor.everlytic.api-key", EVERLYTIC_KEY);
        return sandbox;
    }

    private List<String> changes = List.of();

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

    public TimeLogSimulator timelog() {
        return timelog;
    }

    public EverlyticSimulator everlytic() {
        return everlytic;
    }

    /**
     * {@code --sandbox --source KIND}: the sample changes served by that kind of source instead of the feed, and the
     * settings that point client-sync at it ({@code source.kinds} among them).
     */
    public Map<String, String> source(String kind) {
        Map<String, String> out = new java.util.HashMap<>();
        out.put("source.kinds", kind);
        switch (kind) {
            case "feed" -> {
            }
            case "sql" -> out.putAll(add(new SampleTable(changes)).settings());
            case "file" -> out.put("source.file.dir", sampleFiles(FILES_DIR).toString());
            default -> throw new io.clientsync.config.ConfigException("--source", "the sandbox has no sample "
                    + "source of kind '" + kind + "'; it has: feed, sql, file");
        }
        return out;
    }

    /**
     * The sample changes as JSON Lines files, a page of them (sync.page-size, 20) per file in name order, in a
     * directory emptied first (its done/ and error/ too): every sandbox run reads them all again.
     */
    Path sampleFiles(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var old = Files.walk(dir)) {
                    for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            int perFile = Integer.parseInt(settings.get("sync.page-size"));
            for (int from = 0, n = 1; from < changes.size(); from += perFile, n++) {
                List<String> lines = changes.subList(from, Math.min(changes.size(), from + perFile));
                Files.writeString(dir.resolve(String.format("changes-%03d.jsonl", n)), String.join("\n", lines) + "\n");
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the sandbox's sample files into " + dir, e);
        }
    }

    /** The sample changes as JSON documents (what the feed serves). */
    public List<String> changes() {
        return changes;
    }

    <T extends AutoCloseable> T add(T server) {
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
