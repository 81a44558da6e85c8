package io.clientsync.source;

import io.clientsync.config.ConfigException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's read of the SQL source: the query executed once and its result streamed (forward only, read-only, in
 * a transaction so that PostgreSQL's driver fetches {@code source.sql.fetch-size} rows at a time instead of all), cut
 * into pages of {@code sync.page-size} rows. One row is read ahead, to know where a page ends.
 *
 * <p>Incremental mode: a page's cursor is the change column's value of its last row, but never in the middle of a
 * tie: when the row after the page has the same value as the page's last rows, the cursor is the value before those
 * rows (or none, the saved cursor kept, when the whole page is one tie). The next run reads {@code > :cursor}, so a
 * run that stops after such a page reads the tied rows again, and the inbox counts the ones it holds as stale; no
 * row is lost at a page boundary, and pages keep their size whatever the ties.
 */
final class SqlRead implements AutoCloseable {
    /** A page of rows and the cursor it settles (null: the saved cursor stays). */
    record Page(List<SqlRows.Row> rows, String nextCursor, boolean hasMore) {
    }

    private record Item(SqlRows.Row row, SqlCursor cursor) {
    }

    private final SqlSettings settings;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet result;
    private final SqlRows rows;
    private final int cursorColumn;
    private Item ahead;
    private SqlCursor last;
    private long read;

    private SqlRead(SqlSettings settings, Connection connection, PreparedStatement statement, ResultSet result)
            throws SQLException {
        this.settings = settings;
        this.connection = connection;
        this.statement = statement;
        this.result = result;
        this.rows = new SqlRows(result.getMetaData(), settings.cursorColumn());
        if (rows.column("id") == 0) {
            throw new ConfigException(SqlSettings.QUERY, "its result has no id column (each row is one client's "
                    + "change: id, version, name, ...)");
        }
        this.cursorColumn = settings.cursorColumn() == null ? 0 : rows.column(settings.cursorColumn());
        if (settings.cursorColumn() != null && cursorColumn == 0) {
            throw new ConfigException(SqlSettings.CURSOR_COLUMN, "'" + settings.cursorColumn()
                    + "' is not a column of source.sql.query's result");
        }
    }

    /** Runs the query, reading after {@code from} (incremental; null on the first run, and in snapshot mode). */
    static SqlRead open(DataSource pool, SqlSettings settings, SqlCursor from) throws SQLException {
        Connection c = pool.getConnection();
        try {
            c.setAutoCommit(false); // PostgreSQL streams only inside a transaction; it is read-only and rolled back
            PreparedStatement ps = c.prepareStatement(settings.query().jdbc(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(settings.fetchSize());
            SqlCursor.bind(ps, settings.query(), from);
            return new SqlRead(settings, c, ps, ps.executeQuery());
        } catch (SQLException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    Page next() throws SQLException {
        int size = settings.pageSize();
        List<Item> items = new ArrayList<>(size);
        while (true) {
            Item item = ahead != null ? ahead : readOne();
            ahead = null;
            if (item == null) {
                break;
            }
            if (items.size() == size) {
                ahead = item;
                break;
            }
            items.add(item);
        }
        List<SqlRows.Row> page = new ArrayList<>(items.size());
        items.forEach(i -> page.add(i.row()));
        return new Page(page, cursorAfter(items), ahead != null);
    }

    /** Rows read so far this run. */
    long rowsRead() {
        return read;
    }

    /** The last value of the page that no row after it shares; null when there is none (or no change column). */
    private String cursorAfter(List<Item> items) {
        if (cursorColumn == 0) {
            return null;
        }
        for (int i = items.size() - 1; i >= 0; i--) {
            SqlCursor value = items.get(i).cursor();
            if (ahead == null || !value.sameAs(ahead.cursor())) {
                return value.encode();
            }
        }
        return null; // the whole page ties with the row after it: the saved cursor stays
    }

    private Item readOne() throws SQLException {
        if (!result.next()) {
            return null;
        }
        read++;
        SqlCursor cursor = null;
        if (cursorColumn > 0) {
            cursor = SqlCursor.of(result.getObject(cursorColumn), settings.cursorColumn());
            if (cursor.before(last)) {
                throw new ConfigException(SqlSettings.QUERY, "must ORDER BY source.sql.cursor-column "
                        + settings.cursorColumn() + " (ascending): a row with " + cursor.encode() + " came after "
                        + last.encode());
            }
            last = cursor;
        }
        return new Item(rows.read(result), cursor);
    }

    @Override
    public void close() {
        try {
            result.close();
            statement.close();
        } catch (SQLException ignored) {
            // the connection's close below ends them anyway
        }
        close(connection);
    }

    private static void close(Connection c) {
        try {
            c.rollback(); // nothing was written: the read-only transaction only ends
        } catch (SQLException ignored) {
            // a broken connection: Hikari drops it
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // as above
        }
    }
}
