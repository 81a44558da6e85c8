package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each pull source's last settled cursor (the feed's under {@value #FEED}). Saved together with the page's changes
 * in the inbox, in one transaction.
 */
public final class CursorStore {
    public static final String FEED = "clients";
    private final StateStore store;
    private final Inbox inbox;

    public CursorStore(StateStore store, Inbox inbox) {
        this.store = store;
        this.inbox = inbox;
    }

    /** The feed's cursor. */
    public Optional<String> current() {
        return current(FEED);
    }

    public Optional<String> current(String source) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("select cursor_value from sync_cursor where feed = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the cursor", e);
        }
    }

    /** The page is settled: its valid changes go into the inbox and the next cursor is saved, atomically. */
    public Inbox.Written settle(List<Inbox.Incoming> changes, String nextCursor) {
        return settle(FEED, changes, nextCursor);
    }

    /** As {@link #settle(List, String)} for one source; a null cursor leaves it (a push source has none). */
    public Inbox.Written settle(String source, List<Inbox.Incoming> changes, String nextCursor) {
        return settle(source, changes, nextCursor, null);
    }

    /** What else a source keeps of a page (the SQL snapshot's marks), written in the page's transaction. */
    public interface PageWrite {
        void write(Connection c) throws SQLException;
    }

    /** As {@link #settle(String, List, String)}, with the source's own page state in the same transaction. */
    public Inbox.Written settle(String source, List<Inbox.Incoming> changes, String nextCursor, PageWrite also) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            Inbox.Written written = inbox.append(c, changes);
            if (nextCursor != null) {
                save(c, source, nextCursor);
            }
            if (also != null) {
                also.write(c);
            }
            c.commit();
            return written;
        } catch (SQLException e) {
            throw new StateStoreException("cannot save the page (inbox and cursor)", e);
        }
    }

    private void save(Connection c, String source, String cursor) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement up = c.prepareStatement(
                "update sync_cursor set cursor_value = ?, updated_at = ? where feed = ?")) {
            up.setString(1, cursor);
            up.setTimestamp(2, now);
            up.setString(3, source);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement(
                "insert into sync_cursor (feed, cursor_value, updated_at) values (?, ?, ?)")) {
            in.setString(1, source);
            in.setString(2, cursor);
            in.setTimestamp(3, now);
            in.executeUpdate();
        }
    }
}
