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

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("api_key")
                || n.contains("apikey");
    }
}
