package io.clientsync.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * A value of the incremental query's change column, as the cursor keeps it: saved as text with its type
 * ({@code long:42}, {@code timestamp:2026-12-05T10:00:00.123456}), bound back to {@code :cursor} with that type, so
 * the database compares it as the column's own type (PostgreSQL refuses a timestamp compared with text).
 */
public record SqlCursor(Type type, Comparable<?> value) {
    public enum Type { LONG, DECIMAL, TIMESTAMP, TIMESTAMPTZ, DATE, TEXT }

    /** The change column's value on one row; the column is named in the message when its type cannot be a cursor. */
    public static SqlCursor of(Object value, String column) {
        if (value == null) {
            throw new IllegalStateException("source.sql.cursor-column " + column + " is null on a row: the change "
                    + "column must have a value on every row the query returns");
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new SqlCursor(Type.LONG, ((Number) value).longValue());
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return new SqlCursor(Type.DECIMAL, new BigDecimal(value.toString()));
        }
        if (value instanceof Timestamp t) {
            return new SqlCursor(Type.TIMESTAMP, t.toLocalDateTime());
        }
        if (value instanceof LocalDateTime t) {
            return new SqlCursor(Type.TIMESTAMP, t);
        }
        if (value instanceof OffsetDateTime t) {
            return new SqlCursor(Type.TIMESTAMPTZ, t);
        }
        if (value instanceof java.sql.Date d) {
            return new SqlCursor(Type.DATE, d.toLocalDate());
        }
        if (value instanceof LocalDate d) {
            return new SqlCursor(Type.DATE, d);
        }
        if (value instanceof String s) {
            return new SqlCursor(Type.TEXT, s);
        }
        throw new IllegalStateException("source.sql.cursor-column " + column + " is of type "
                + value.getClass().getSimpleName() + ": a cursor must be a number, a timestamp, a date or text");
    }

    public String encode() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
    }

    public static SqlCursor decode(String saved) {
        int colon = saved.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("the saved SQL cursor '" + saved + "' has no type");
        }
        String text = saved.substring(colon + 1);
        Type type = Type.valueOf(saved.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
        return new SqlCursor(type, switch (type) {
            case LONG -> Long.parseLong(text);
            case DECIMAL -> new BigDecimal(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case TIMESTAMPTZ -> OffsetDateTime.parse(text);
            case DATE -> LocalDate.parse(text);
            case TEXT -> text;
        });
    }

    /** Binds every {@code ?} that stands for {@code :cursor}; null (the first run) binds SQL NULL. */
    public static void bind(PreparedStatement ps, SqlQuery query, SqlCursor cursor) throws SQLException {
        for (int i = 1; i <= query.cursors(); i++) {
            if (cursor == null) {
                ps.setNull(i, Types.NULL); // PostgreSQL takes the type from where :cursor stands (COALESCE, >)
            } else if (cursor.type == Type.LONG) {
                ps.setLong(i, (Long) cursor.value);
            } else if (cursor.type == Type.DECIMAL) {
                ps.setBigDecimal(i, (BigDecimal) cursor.value);
            } else if (cursor.type == Type.TEXT) {
                ps.setString(i, (String) cursor.value);
            } else {
                ps.setObject(i, cursor.value); // LocalDateTime, OffsetDateTime, LocalDate: JDBC 4.2 types
            }
        }
    }

    /** Same value: rows that tie in the change column. */
    public boolean sameAs(SqlCursor other) {
        return other != null && type == other.type && compare(other) == 0;
    }

    /**
     * Whether this row's value comes before the previous row's: the query does not order by the change column, and
     * pages cut by it would lose rows. Text is left out: the database's collation may order it otherwise than Java.
     */
    public boolean before(SqlCursor previous) {
        return previous != null && type == previous.type && type != Type.TEXT && compare(previous) < 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compare(SqlCursor other) {
        return ((Comparable) value).compareTo(other.value);
    }
}
