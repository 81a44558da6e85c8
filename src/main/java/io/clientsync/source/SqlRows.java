package io.clientsync.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;

import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Set;

/**
 * One row of the SQL source's result as a change document: each column is the ClientChange field of its name
 * (case aside: H2 answers upper case), a NULL leaves the field out, the nested fields come as JSON text, a numeric
 * id becomes text. The change
 * column of incremental mode is left out (it is not a field) unless it is {@code version}. The document then passes
 * the schema as any source's does.
 */
final class SqlRows {
    /** The fields that are objects or lists: their columns hold JSON text (or PostgreSQL json/jsonb). */
    static final Set<String> JSON_FIELDS = Set.of("address", "billing_address", "contacts", "vendor_ids",
            "vendor_fields");

    /** The row as a change document, or why it cannot be one (a nested column that is not JSON). */
    record Row(ObjectNode change, String problem) {
    }

    private final String[] names;
    private final int skip;

    /** @param cursorColumn the incremental change column, left out of the change unless it is version; or null */
    SqlRows(ResultSetMetaData meta, String cursorColumn) throws SQLException {
        names = new String[meta.getColumnCount() + 1];
        int skipAt = 0;
        for (int i = 1; i < names.length; i++) {
            names[i] = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (names[i].equalsIgnoreCase(cursorColumn) && !names[i].equals("version")) {
                skipAt = i;
            }
        }
        skip = skipAt;
    }

    /** The column index of a name, case aside; 0 when the result has none. */
    int column(String name) {
        for (int i = 1; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return 0;
    }

    Row read(ResultSet rs) throws SQLException {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        String problem = null;
        for (int i = 1; i < names.length; i++) {
            if (i == skip) {
                continue;
            }
            String name = names[i];
            if (JSON_FIELDS.contains(name)) {
                String text = rs.getString(i);
                if (text == null) {
                    continue;
                }
                try {
                    change.set(name, Json.MAPPER.readTree(text));
                } catch (JacksonException e) {
                    // not the text: unparsed, its secrets could not be removed
                    change.put(name, "(not JSON, " + text.length() + " characters)");
                    problem = problem != null ? problem : "column " + name + " is not JSON: " + Json.problem(e);
                }
                continue;
            }
            Object value = rs.getObject(i);
            // A table's id is often a number; the change's id is text (DESIGN.md section 5).
            put(change, name, name.equals("id") && value instanceof Number n ? n.toString() : value);
        }
        return new Row(change, problem);
    }

    private static void put(ObjectNode change, String name, Object value) throws SQLException {
        if (value == null) {
            return;
        }
        if (value instanceof Boolean b) {
            change.put(name, b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            change.put(name, ((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            // A NUMERIC version or id number: whole numbers stay whole, so the schema's "integer" takes them.
            try {
                change.put(name, d.longValueExact());
            } catch (ArithmeticException notWhole) {
                change.put(name, d);
            }
        } else if (value instanceof Double || value instanceof Float) {
            change.put(name, ((Number) value).doubleValue());
        } else if (value instanceof java.sql.Date d) {
            change.put(name, d.toLocalDate().toString()); // customer_since: an ISO date
        } else if (value instanceof Timestamp t) {
            change.put(name, t.toLocalDateTime().toString());
        } else if (value instanceof Clob clob) {
            change.put(name, clob.getSubString(1, (int) Math.min(clob.length(), Json.MAX_STRING)));
        } else {
            change.put(name, value.toString()); // text, LocalDate, OffsetDateTime, UUID...
        }
    }
}
