package io.clientsync.connector.everlytic;

import com.fasterxml.jackson.core.type.TypeReference;
import io.clientsync.change.Address;
import io.clientsync.change.ClientChange;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ClientChange -> Everlytic customer (VENDORS.md "everlytic"). {@link #map} gives the full mapping, which the ledger
 * keeps; {@link #request} then computes what is sent: {@code name} and {@code email} always, with them only the
 * fields that differ from the last delivery ({@code ""} for a text field the source emptied, an emptied integer
 * field not at all). A deleted client sends
 * {@code status: "deleted"} and {@code deleted: "yes"}. Values Everlytic refuses (an industry not in its list, a
 * country that is not two letters, a quota that is not a whole number) fail before any call, naming the field.
 */
public final class EverlyticMapper {
    /** Exchange property: the request body fields (a map), computed from the full mapping and the last delivery. */
    public static final String REQUEST = "clientSyncEverlyticRequest";

    /** Everlytic's industries, exactly (three contain commas). */
    public static final Set<String> INDUSTRIES = Set.of("Personal Use", "Agriculture & Environmental",
            "Automotive", "Business & Consulting Services", "E-commerce", "Education & Training",
            "Financial Institutions", "Governmental Organisations", "Hospitality, Travel & Tourism",
            "Industry, Trade & Manufacture", "Lifestyle, Arts & Entertainment", "Logistic Services",
            "Publishing & Media", "Agencies & Marketing", "Medical & Healthcare", "Non Governmental Organisations",
            "Property & Real Estate", "Retail & Wholesale", "Technology & Science");
    /** The integers taken from vendor_fields.everlytic. */
    public static final List<String> INTEGER_FIELDS = List.of("email_package_id", "email_quota", "sms_quota",
            "transactions_package_id", "transactions_quota");
    private static final Map<String, String> STATUS = Map.of("active", "on", "inactive", "off",
            "suspended", "suspended");

    /** Route step: the body is the change; it becomes the full mapping. */
    public void map(Exchange exchange) {
        ClientChange change = exchange.getIn().getBody(ClientChange.class);
        exchange.getIn().setBody(full(change, last(exchange.getProperty(DeliveryKeys.LAST, LedgerEntry.class))));
    }

    /** Route step after the ledger compare: the fields to send, as the {@link #REQUEST} property. */
    public void request(Exchange exchange) {
        Map<String, Object> full = parse(exchange.getProperty(DeliveryKeys.PAYLOAD, String.class));
        Map<String, Object> last = last(exchange.getProperty(DeliveryKeys.LAST, LedgerEntry.class));
        exchange.setProperty(REQUEST, changed(full, last));
    }

    /** Route step of the REST call: the body becomes the {@link #REQUEST} fields as JSON. */
    public void json(Exchange exchange) {
        exchange.getIn().setBody(Json.write(exchange.getProperty(REQUEST)));
    }

    Map<String, Object> full(ClientChange c, Map<String, Object> last) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.isDeleted()) {
            // a deletion carries little: keep what was delivered, mark it deleted
            m.putAll(last);
            putText(m, "name", c.name());
            putText(m, "email", c.email());
            m.put("status", "deleted");
            m.put("deleted", "yes");
            requireNameAndEmail(m);
            return m;
        }
        putText(m, "name", c.name());
        putText(m, "email", c.email());
        putText(m, "status", c.status() == null ? null : STATUS.get(c.status()));
        Address a = c.address();
        if (a != null) {
            putText(m, "address", a.streetLines());
            putText(m, "state_provinces", a.state());
            putText(m, "postal_code", a.postalCode());
            if (a.country() != null && !a.country().isBlank()) {
                String country = a.country().trim();
                if (!country.matches("[A-Za-z]{2}")) {
                    throw PermanentDeliveryException.rejected("Everlytic field country must be two letters, was '"
                            + country + "'");
                }
                m.put("country", country.toUpperCase(Locale.ROOT));
            }
        }
        putText(m, "telephone", c.phone());
        putText(m, "website_url", c.website());
        if (c.industry() != null && !c.industry().isBlank()) {
            if (!INDUSTRIES.contains(c.industry())) {
                throw PermanentDeliveryException.rejected("Everlytic field industry must be one of its 19 industries, "
                        + "was '" + c.industry() + "'");
            }
            m.put("industry", c.industry());
        }
        requireNameAndEmail(m);
        m.put("unique_id", c.id());
        Map<String, Object> fields = c.vendorFields(Vendors.EVERLYTIC);
        for (String name : INTEGER_FIELDS) {
            Object value = fields.get(name);
            if (value != null) {
                m.put(name, integer(name, value));
            }
        }
        return m;
    }

    /**
     * name and email always; every other field only when it differs from the last delivery. A text field the source
     * emptied goes as {@code ""}; an integer field it emptied is left out, since {@code ""} is not an integer and
     * Everlytic could read it as 0 (a quota of 0): Everlytic keeps the value it has.
     */
    static Map<String, Object> changed(Map<String, Object> full, Map<String, Object> last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", full.getOrDefault("name", last.get("name")));
        out.put("email", full.getOrDefault("email", last.get("email")));
        for (Map.Entry<String, Object> e : full.entrySet()) {
            String k = e.getKey();
            if (!out.containsKey(k) && !Objects.equals(e.getValue(), last.get(k))) {
                out.put(k, e.getValue());
            }
        }
        for (Map.Entry<String, Object> e : last.entrySet()) {
            String k = e.getKey();
            if (!full.containsKey(k) && !out.containsKey(k) && e.getValue() != null && !"".equals(e.getValue())
                    && !INTEGER_FIELDS.contains(k)) {
                out.put(k, ""); // the source emptied it since
            }
        }
        out.values().removeIf(Objects::isNull); // a name or email never known is not sent at all
        return out;
    }

    /** Everlytic's update always carries name and email: without them it is refused before any call. */
    private static void requireNameAndEmail(Map<String, Object> m) {
        for (String field : List.of("name", "email")) {
            if (!m.containsKey(field)) {
                throw PermanentDeliveryException.rejected("Everlytic field " + field + " is required and the change "
                        + "has none (nor was one delivered before)");
            }
        }
    }

    private static void putText(Map<String, Object> m, String field, String value) {
        if (value != null && !value.isBlank()) {
            m.put(field, value);
        }
    }

    private static Integer integer(String name, Object value) {
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (value instanceof String s && s.trim().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(s.trim());
        }
        throw PermanentDeliveryException.rejected("Everlytic field " + name + " must be a whole number, was '"
                + Json.printable(String.valueOf(value), 40) + "'");
    }

    private static Map<String, Object> last(LedgerEntry entry) {
        return entry == null ? Map.of() : parse(entry.payload());
    }

    private static Map<String, Object> parse(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            return Map.of(); // an unreadable old payload only means every field is sent again
        }
    }
}
