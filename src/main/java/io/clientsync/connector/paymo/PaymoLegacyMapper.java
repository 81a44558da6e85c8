package io.clientsync.connector.paymo;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.change.Address;
import io.clientsync.change.ClientChange;
import io.clientsync.change.Contact;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * ClientChange -> the fields of {@code paymo.clients.update} (VENDORS.md "paymo").
 * <p>
 * {@link #map} gives the full mapping (every non-empty field, in a fixed order); that is what the ledger keeps.
 * {@link #changes} then picks what is sent: on a first delivery every field of the mapping, later only the fields
 * whose value differs from the last delivered mapping, a field that disappeared as an empty value. {@code name} is
 * never sent blank: a change without a name is refused before any call.
 */
public final class PaymoLegacyMapper {
    /** Exchange property: the fields this call sends (a subset of the mapping). */
    public static final String FIELDS = "clientSyncPaymoFields";

    public Map<String, String> map(@Body ClientChange change) {
        if (change.name() == null || change.name().isBlank()) {
            throw PermanentDeliveryException.rejected("Paymo never gets a blank client name and the change has none");
        }
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "name", change.name());
        Address a = change.address();
        if (a != null) {
            put(m, "address", a.streetLines());
            put(m, "city", a.city());
            put(m, "state", a.state());
            put(m, "postal_code", a.postalCode());
            put(m, "country", a.country());
        }
        put(m, "phone", change.phone());
        put(m, "fax", change.fax());
        put(m, "email", change.email());
        put(m, "website", change.website());
        Contact main = change.mainContact().orElse(null);
        if (main != null) {
            put(m, "contact_name", main.name());
            put(m, "contact_email", main.email());
            put(m, "contact_mobile", main.mobile());
            put(m, "contact_phone", main.phone());
            put(m, "contact_fax", main.fax());
        }
        return m;
    }

    /** After the gate's compare: the fields to send, into {@link #FIELDS}. */
    public void changes(Exchange exchange) {
        Map<String, String> now = read(exchange.getProperty(DeliveryKeys.PAYLOAD, String.class));
        LedgerEntry last = exchange.getProperty(DeliveryKeys.LAST, LedgerEntry.class);
        exchange.setProperty(FIELDS, diff(last == null ? null : read(last.payload()), now));
    }

    static Map<String, String> diff(Map<String, String> before, Map<String, String> now) {
        if (before == null) {
            return new LinkedHashMap<>(now);
        }
        Map<String, String> send = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>(now.keySet());
        names.addAll(before.keySet());
        for (String name : names) {
            String value = now.get(name);
            if (value == null && "name".equals(name)) {
                throw PermanentDeliveryException.rejected("Paymo never gets a blank client name");
            }
            if (!java.util.Objects.equals(value, before.get(name))) {
                send.put(name, value == null ? "" : value);
            }
        }
        return send;
    }

    private static void put(Map<String, String> m, String field, String value) {
        if (value != null && !value.isBlank()) {
            m.put(field, value.strip());
        }
    }

    /** A mapping as the ledger keeps it (JSON object of strings); an unreadable one means "send everything". */
    static Map<String, String> read(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                return null;
            }
            Map<String, String> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException e) {
            return null;
        }
    }
}
