package io.clientsync.source;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of source that fill the inbox ({@code source.kinds}, a comma list, default {@code feed}). Each is a
 * route file, {@code routes/source-KIND.camel.yaml}, whose routes have the precondition {@code source.KIND.enabled}.
 * A pull source (the feed, a SQL query, a directory) is read by the source pipeline's run, one kind after the other,
 * each from its own cursor; a push source (the webhook) writes as changes arrive. Whatever the source, every change
 * passes the same schema and the same inbox rules: the highest version of a client wins, wherever it came from.
 */
public final class SourceKinds {
    public static final String SETTING = "source.kinds";
    public static final String FEED = "feed";
    public static final String WEBHOOK = "webhook";
    public static final String SQL = "sql";
    public static final String FILE = "file";
    /** Each kind, and whether the source pipeline's run reads it (pull) or it writes as changes arrive (push). */
    static final Map<String, Boolean> KNOWN = Map.of(FEED, true, SQL, true, FILE, true);

    private SourceKinds() {
    }

    /** The kinds {@code source.kinds} names, checked: known, each once, at least one. */
    public static List<String> enabled(Settings s) {
        List<String> kinds = s.optional(SETTING).map(v -> s.list(SETTING)).orElse(List.of(FEED));
        Set<String> seen = new LinkedHashSet<>();
        for (String kind : kinds) {
            if (!KNOWN.containsKey(kind)) {
                throw new ConfigException(SETTING, "unknown source kind '" + kind + "'; known: "
                        + KNOWN.keySet().stream().sorted().toList());
            }
            if (!seen.add(kind)) {
                throw new ConfigException(SETTING, "names '" + kind + "' twice");
            }
        }
        if (seen.isEmpty()) {
            throw new ConfigException(SETTING, "names no source");
        }
        return List.copyOf(seen);
    }

    public static List<String> all() {
        return KNOWN.keySet().stream().sorted().toList();
    }

    public static boolean isPull(String kind) {
        return KNOWN.getOrDefault(kind, false);
    }

    /** The name the cursor of a pull source is saved under; the feed keeps the name release 1 gave it. */
    public static String cursorName(String kind) {
        return FEED.equals(kind) ? "clients" : kind;
    }
}
