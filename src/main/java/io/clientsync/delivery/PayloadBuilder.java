package io.clientsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a vendor payload by the shared rule of VENDORS.md: a field the source never had is left out; a field the
 * source emptied since the last delivery is sent as the vendor's empty value ({@code ""} unless told otherwise).
 */
public final class PayloadBuilder {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final JsonNode last;

    public PayloadBuilder(LedgerEntry last) {
        this.last = parse(last);
    }

    public PayloadBuilder text(String field, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(field, value);
        } else if (hadValue(field)) {
            fields.put(field, "");
        }
        return this;
    }

    public PayloadBuilder value(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** True when the last delivered payload carried a non-empty value for the field. */
    public boolean hadValue(String field) {
        if (last == null) {
            return false;
        }
        JsonNode node = last.get(field);
        return node != null && !node.isNull() && !(node.isTextual() && node.textValue().isEmpty());
    }

    public Map<String, Object> build() {
        return fields;
    }

    private static JsonNode parse(LedgerEntry last) {
        if (last == null || last.payload() == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(last.payload());
        } catch (java.io.IOException e) {
            return null; // an unreadable old payload only means every field is sent again
        }
    }
}
