package io.clientsync.connector.paymocontacts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.clientsync.change.ClientChange;
import io.clientsync.change.Contact;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ClientChange -> the client's full contact map, what the ledger keeps: contact id -> its mapped fields
 * ({@code name, email, mobile, phone, fax, skype, position, notes, is_main}, plus {@code access} and
 * {@code image_url}, which are not sent as fields but decide the portal and image steps). Contacts of the last
 * delivery that the change does not mention are kept (only {@code deleted} deletes); a deleted client maps to an
 * empty map. Passwords are never part of it.
 */
public final class PaymoContactsMapper {
    /** The contact fields Paymo takes, in the order they are sent. */
    static final List<String> FIELDS = List.of("name", "email", "mobile", "phone", "fax", "skype", "position",
            "notes", "is_main");
    static final String ACCESS = "access";
    static final String IMAGE_URL = "image_url";

    public Map<String, Map<String, Object>> map(@Body ClientChange change,
                                                @ExchangeProperty(DeliveryKeys.LAST) LedgerEntry last) {
        Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
        if (change.isDeleted()) {
            return contacts;
        }
        contacts.putAll(read(last == null ? null : last.payload()));
        for (Contact c : change.contactList()) {
            if (c.isDeleted()) {
                contacts.remove(c.id());
            } else {
                contacts.put(c.id(), fields(c));
            }
        }
        return contacts;
    }

    static Map<String, Object> fields(Contact c) {
        Map<String, Object> m = new LinkedHashMap<>();
        text(m, "name", c.name());
        text(m, "email", c.email());
        text(m, "mobile", c.mobile());
        text(m, "phone", c.phone());
        text(m, "fax", c.fax());
        text(m, "skype", c.skype());
        text(m, "position", c.position());
        text(m, "notes", c.notes());
        if (c.isMain() != null) {
            m.put("is_main", c.isMain());
        }
        if (c.portalAccess() != null) {
            m.put(ACCESS, c.portalAccess());
        }
        text(m, IMAGE_URL, c.imageUrl());
        return m;
    }

    private static void text(Map<String, Object> m, String field, String value) {
        if (value != null && !value.isBlank()) {
            m.put(field, value.strip());
        }
    }

    /** A contact map as the ledger keeps it; an unreadable or missing one is empty (everything is sent again). */
    static Map<String, Map<String, Object>> read(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Map<String, Object>> m = Json.MAPPER.readValue(json,
                    new TypeReference<LinkedHashMap<String, Map<String, Object>>>() { });
            return m == null ? new LinkedHashMap<>() : m;
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }
}
