package io.clientsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.clientsync.support.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts the JSON type of every field of a vendor body against the type VENDORS.md gives it. The body is read back
 * from its JSON text, so the check sees what goes on the wire, not the Java type of a map value.
 */
public final class JsonTypes {
    public static final JsonNodeType STRING = JsonNodeType.STRING;
    public static final JsonNodeType NUMBER = JsonNodeType.NUMBER;
    public static final JsonNodeType BOOLEAN = JsonNodeType.BOOLEAN;
    public static final JsonNodeType NULL = JsonNodeType.NULL;

    private JsonTypes() {
    }

    /** The JSON text of a body as {@link Json#write} writes it (what the routes send and the ledger keeps). */
    public static JsonNode written(Object body) {
        return read(Json.write(body));
    }

    public static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Exactly the expected fields, each of its type; NUMBER means an integer (no vendor here takes a fraction).
     * Every mismatch is listed in one failure, naming the field.
     */
    public static void assertTypes(JsonNode body, Map<String, JsonNodeType> expected) {
        assertThat(body.isObject()).as("body is a JSON object: %s", body).isTrue();
        List<String> wrong = new ArrayList<>();
        expected.forEach((field, type) -> {
            JsonNode value = body.get(field);
            if (value == null) {
                wrong.add(field + " missing");
            } else if (value.getNodeType() != type || (type == NUMBER && !value.isIntegralNumber())) {
                wrong.add(field + " is " + value.getNodeType() + " " + value + ", expected "
                        + (type == NUMBER ? "integer" : type));
            }
        });
        body.fieldNames().forEachRemaining(field -> {
            if (!expected.containsKey(field)) {
                wrong.add(field + " " + body.get(field) + " is sent but not expected");
            }
        });
        assertThat(wrong).as("field types of %s", body).isEmpty();
    }
}
