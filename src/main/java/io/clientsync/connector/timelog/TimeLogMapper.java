package io.clientsync.connector.timelog;

import io.clientsync.change.Address;
import io.clientsync.change.ClientChange;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import org.apache.camel.Exchange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static io.clientsync.connector.timelog.TimeLogLookups.Kind.COUNTRY;
import static io.clientsync.connector.timelog.TimeLogLookups.Kind.CURRENCY;

/**
 * ClientChange -> TimeLog's full customer model (VENDORS.md "timelog"). TimeLog blanks what a PUT leaves out, so
 * every field is present every time, {@code null} where the source has nothing (the shared omit rule does not
 * apply). Codes become TimeLog's numbers (status, industry from the settings; country, currency from
 * {@link TimeLogLookups}); an unknown code is refused before any call, naming it. Types follow TimeLog's model:
 * the KAM ids are integers (user ids), CreditorID is a string.
 */
public final class TimeLogMapper {
    private final TimeLogLookups lookups;
    private final Map<String, Integer> statusIds;
    private final Map<String, Integer> industryIds;

    public TimeLogMapper(TimeLogLookups lookups, Map<String, Integer> statusIds, Map<String, Integer> industryIds) {
        this.lookups = lookups;
        this.statusIds = Map.copyOf(statusIds);
        this.industryIds = Map.copyOf(industryIds);
    }

    /** Route step: the body is the change; it becomes the full model (a map, in TimeLog's field order). */
    public void map(Exchange exchange) {
        ClientChange change = exchange.getIn().getBody(ClientChange.class);
        String vendorId = exchange.getProperty(DeliveryKeys.VENDOR_ID, String.class);
        exchange.getIn().setBody(model(change, vendorId, exchange));
    }

    Map<String, Object> model(ClientChange c, String vendorId, Exchange exchange) {
        // codes first: an unknown one stops here, before any lookup or update call for the others
        Integer status = named("CustomerStatusID", "status", c.status(), statusIds, "vendor.timelog.status-ids");
        Integer industry = named("IndustryID", "industry", c.industry(), industryIds, "vendor.timelog.industry-ids");
        Address a = c.address();
        Address b = c.billingAddress();
        Integer country = lookups.id(COUNTRY, a == null ? null : a.country(), exchange);
        Integer currency = lookups.id(CURRENCY, c.currency(), exchange);
        Integer billingCountry = lookups.id(COUNTRY, b == null ? null : b.country(), exchange);
        Map<String, Object> fields = c.vendorFields(Vendors.TIMELOG);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CustomerID", Long.parseLong(vendorId));
        m.put("Name", text(c.name()));
        m.put("NickName", text(c.nickname()));
        m.put("CustomerNo", text(c.customerNo()));
        m.put("Email", text(c.email()));
        m.put("Phone", text(c.phone()));
        m.put("Fax", text(c.fax()));
        m.put("Website", text(c.website()));
        m.put("Address", text(a == null ? null : a.line1()));
        m.put("Address2", text(a == null ? null : a.line2()));
        m.put("Address3", text(a == null ? null : a.line3()));
        m.put("ZipCode", text(a == null ? null : a.postalCode()));
        m.put("City", text(a == null ? null : a.city()));
        m.put("State", text(a == null ? null : a.state()));
        m.put("CountryID", country);
        m.put("CurrencyID", currency);
        m.put("VatNo", text(c.vatNo()));
        m.put("OrganizationNo", text(c.organizationNo()));
        m.put("CustomerSince", since(c.customerSince()));
        m.put("CustomerStatusID", status);
        m.put("IndustryID", industry);
        m.put("UseInvoicingAddress", b != null);
        m.put("InvoicingName", text(b == null ? null : b.name()));
        m.put("InvoicingAddress", text(b == null ? null : b.line1()));
        m.put("InvoicingAddress2", text(b == null ? null : b.line2()));
        m.put("InvoicingAddress3", text(b == null ? null : b.line3()));
        m.put("InvoicingAddressZipCode", text(b == null ? null : b.postalCode()));
        m.put("InvoicingAddressCity", text(b == null ? null : b.city()));
        m.put("InvoicingAddressState", text(b == null ? null : b.state()));
        m.put("InvoicingAddressCountryID", billingCountry);
        m.put("PrimaryKAMID", integer(fields, "PrimaryKAMID"));
        m.put("SecondaryKAMID", integer(fields, "SecondaryKAMID"));
        m.put("CreditorID", creditorId(fields.get("CreditorID")));
        return m;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** ISO date (the schema allows only YYYY-MM-DD) as TimeLog's {@code YYYY-MM-DDT00:00:00}. */
    private static String since(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        return date.trim().substring(0, Math.min(10, date.trim().length())) + "T00:00:00";
    }

    private static Integer named(String field, String source, String value, Map<String, Integer> ids, String key) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Integer id = ids.get(value.trim());
        if (id == null) {
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return e.getValue();
                }
            }
            throw PermanentDeliveryException.rejected("TimeLog has no " + field + " for " + source + " '" + value
                    + "' (add it to " + key + ")");
        }
        return id;
    }

    /**
     * TimeLog types CreditorID as a string ("CR-1001" and "000123" are both creditor ids): a string goes out exactly
     * as it came (never trimmed or parsed, so leading zeros stay); a JSON number as its plain decimal string.
     */
    private static String creditorId(Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            // Double or BigDecimal: 1e3 -> "1000", 12.5 -> "12.5" (no exponent, no trailing ".0")
            BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
            return d.stripTrailingZeros().toPlainString();
        }
        throw PermanentDeliveryException.rejected("vendor_fields.timelog.CreditorID must be a string or a number");
    }

    /** A vendor_fields.timelog user id: a whole number (or a string of digits), else refused naming the field. */
    private static Long integer(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s && s.trim().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(s.trim());
        }
        throw PermanentDeliveryException.rejected("vendor_fields.timelog." + name + " must be a whole number");
    }
}
