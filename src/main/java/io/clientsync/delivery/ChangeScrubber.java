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
        for (String word : SECRET_WORDS) {
            for (int i = json.indexOf(word.charAt(0)); i >= 0 && i <= json.length() - word.length();
                 i = json.indexOf(word.charAt(0), i + 1)) {
                if (json.regionMatches(true, i, word, 0, word.length())) {
                    return true;
                }
            }
            for (int i = json.indexOf(Character.toUpperCase(word.charAt(0))); i >= 0
                    && i <= json.length() - word.length(); i = json.indexOf(Character.toUpperCase(word.charAt(0)), i + 1)) {
                if (json.regionMatches(true, i, word, 0, word.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final String[] SECRET_WORDS = {"password", "secret", "token", "api_key", "apikey"};

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("api_key")
                || n.contains("apikey");
    }
}
