package io.clientsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The change as received, for a dead letter: portal passwords and anything named like a secret removed. */
public final class ChangeScrubber {
    private ChangeScrubber() {
    }

    public static String scrub(JsonNode raw) {
        if (raw == null) {
            return "{}";
        }
        JsonNode copy = raw.deepCopy();
        strip(copy);
        return Secrets.redact(Json.write(copy));
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretName(field.getKey())) {
                    fields.remove();
                } else {
                    strip(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(ChangeScrubber::strip);
        }
    }

    /** Whether the change has a field named like a secret anywhere (a contact's portal_password...). */
    public static boolean hasSecret(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretName(field.getKey()) || hasSecret(field.getValue())) {
                    return true;
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                if (hasSecret(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A cheap first look at the change as JSON text: false means it has no field named like a secret, true that it
     * may have one (a value holding such a word also answers true; {@link #hasSecret(JsonNode)} then decides).
     */
    public static boolean mayHaveSecret(String json) {
        int last = json.length() - SHORTEST_WORD;
        for (int i = 0; i <= last; i++) { // one pass; a word's first letter (either case) is looked at further
            boolean found = switch (json.charAt(i) | 0x20) {
                case 'p' -> wordAt(json, i, "password");
                case 's' -> wordAt(json, i, "secret");
                case 't' -> wordAt(json, i, "token");
                case 'a' -> wordAt(json, i, "api_key") || wordAt(json, i, "apikey");
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static final int SHORTEST_WORD = 5;

    /** ASCII, either case for letters: the word is at {@code i} (cheaper than regionMatches(true, ...) here). */
    private static boolean wordAt(String text, int i, String word) {
        if (i + word.length() > text.length()) {
            return false;
        }
        for (int k = 1; k < word.length(); k++) {
            char w = word.charAt(k);
            char c = text.charAt(i + k);
            if (c != w && (w < 'a' || w > 'z' || (c | 0x20) != w)) {
                return false;
            }
        }
        return true;
    }

    private static final String[] SECRET_WORDS = {"password", "secret", "token", "api_key", "apikey"};

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("api_key")
                || n.contains("apikey");
    }
}
