package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable inbox between the source pipeline and the vendor pipelines (DESIGN.md section 6): one row per client
 * with its highest version. A newer change replaces the row under a new sequence number; an older or equal one is
 * stale and changes nothing. Vendor pipelines read the rows after their position in sequence order.
 */
public final class Inbox {
    /** The rows after a position, a batch at a time: a range of the sequence index (a test checks the plan). */
    static final String AFTER_SQL = "select seq, client_id, version, change_json, received_at, sealed from inbox "
            + "where seq > ? order by seq limit ?";
    static final String ERASE_SQL = "update inbox set sealed = null where seq > ? and seq <= ? and sealed is not null";
    private final StateStore store;
    private final SecretSeal seal;
    /** This process has erased the sealed secrets of every row up to here (0 at start: the first call visits all). */
    private final java.util.concurrent.atomic.AtomicLong erasedUpTo = new java.util.concurrent.atomic.AtomicLong();

    /** @param seal opens the sealed secrets of rows; null for a store whose rows carry none (tests) */
    public Inbox(StateStore store, SecretSeal seal) {
        this.store = store;
        this.seal = seal;
    }

    public Inbox(StateStore store) {
        this(store, null);
    }

    /**
     * One change to write: the client, its version, the change as received without its secret fields (JSON), and,
     * when it has any, the whole change as received sealed under {@link SecretSeal} (else null).
     */
    public record Incoming(String clientId, long version, String changeJson, String sealed) {
        public Incoming(String clientId, long version, String changeJson) {
            this(clientId, version, changeJson, null);
        }
    }

    /**
     * @param written rows inserted or replaced; stale: changes not newer than the row the inbox holds
     * @param firstSeq the sequence number given to the first change; the i-th got {@code firstSeq + i}
     * @param kept     per change, whether it was written (false: stale, its number left unused)
     */
    public record Written(int written, int stale, long lastSeq, long firstSeq, boolean[] kept) {
    }

    /**
     * Writes the changes inside the caller's transaction. The counter row is raised first: its lock holds any other
     * writer until this transaction ends, so sequence numbers commit in order and a reader never skips one that
     * commits later. A stale change leaves a gap in the numbers, which readers do not mind.
     */
    Written append(Connection c, List<Incoming> changes) throws SQLException {
        if (changes.isEmpty()) {
            return new Written(0, 0, 0, 0, new boolean[0]);
        }
        long last;
        try (PreparedStatement raise = c.prepareStatement(
                "update inbox_counter set last_seq = last_seq + ? where name = 'seq'")) {
            raise.setLong(1, changes.size());
            raise.executeUpdate();
        }
        try (PreparedStatement read = c.prepareStatement("select last_seq from inbox_counter where name = 'seq'");
             ResultSet rs = read.executeQuery()) {
            rs.next();
            last = rs.getLong(1);
        }
        long seq = last - changes.size();
        Timestamp now = Timestamp.from(Instant.now());
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(upsertSql(store.dialect()))) {
            for (Incoming change : changes) {
                ps.setString(1, change.clientId());
                ps.setLong(2, change.version());
                ps.setLong(3, ++seq);
                ps.setString(4, change.changeJson());
                ps.setString(5, change.sealed());
                ps.setTimestamp(6, now);
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        int written = 0;
        boolean[] kept = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            kept[i] = counts[i] > 0 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO;
            written += kept[i] ? 1 : 0;
        }
        return new Written(written, changes.size() - written, last, last - changes.size() + 1, kept);
    }

    /** Insert, or replace a row of a lower version; an equal or higher one stays (update count 0). */
    static String upsertSql(StateStore.Dialect dialect) {
        if (dialect == StateStore.Dialect.POSTGRES) {
            return "insert into inbox (client_id, version, seq, change_json, sealed, received_at) "
                    + "values (?, ?, ?, ?, ?, ?) on conflict (client_id) do update set version = excluded.version, "
                    + "seq = excluded.seq, change_json = excluded.change_json, sealed = excluded.sealed, "
                    + "received_at = excluded.received_at where inbox.version < excluded.version";
        }
        return "merge into inbox t using (values (cast(? as varchar(64)), cast(? as bigint), cast(? as bigint), "
                + "cast(? as varchar(1000000)), cast(? as varchar(1400000)), cast(? as timestamp))) "
                + "s(client_id, version, seq, change_json, sealed, received_at) on t.client_id = s.client_id "
                + "when matched and t.version < s.version then update set version = s.version, seq = s.seq, "
                + "change_json = s.change_json, sealed = s.sealed, received_at = s.received_at "
                + "when not matched then insert (client_id, version, seq, change_json, sealed, received_at) "
                + "values (s.client_id, s.version, s.seq, s.change_json, s.sealed, s.received_at)";
    }

    /**
     * At most {@code limit} rows after {@code position}, in sequence order; a row whose secrets are still sealed
     * comes with the change as received, secrets opened.
     */
    public List<InboxRow> after(long position, int limit) {
        List<InboxRow> rows = new ArrayList<>(Math.min(limit, 1024));
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                AFTER_SQL)) {
            ps.setLong(1, position);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sealed = rs.getString(6);
                    rows.add(new InboxRow(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            sealed == null ? rs.getString(4) : open(sealed), rs.getTimestamp(5).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the inbox", e);
        }
        return rows;
    }

    private String open(String sealed) {
        if (seal == null) {
            throw new IllegalStateException("an inbox row has sealed secrets and this inbox has no key");
        }
        return seal.open(sealed);
    }

    /**
     * Erases the sealed secrets of every row up to {@code position}, the lowest position of the enabled vendors:
     * every vendor that needed them has passed it. A replaced row gets the secrets of its new change, sealed anew.
     * Only the rows past the last position erased up to are visited (a range of the sequence index): visiting
     * every row up to the position each time made a long sync quadratic.
     */
    public int eraseSecrets(long position) {
        long from = erasedUpTo.get();
        if (position <= from) {
            return 0;
        }
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                ERASE_SQL)) {
            ps.setLong(1, from);
            ps.setLong(2, position);
            int erased = ps.executeUpdate();
            erasedUpTo.accumulateAndGet(position, Math::max);
            return erased;
        } catch (SQLException e) {
            throw new StateStoreException("cannot erase the inbox's secrets", e);
        }
    }

    /** What waits after a position: how many rows, and when the oldest of them arrived. */
    public record Waiting(long count, Optional<Instant> oldest) {
    }

    public Waiting waiting(long position) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select count(*), min(received_at) from inbox where seq > ?")) {
            ps.setLong(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp oldest = rs.getTimestamp(2);
                return new Waiting(rs.getLong(1), Optional.ofNullable(oldest).map(Timestamp::toInstant));
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the inbox", e);
        }
    }

    /** The highest sequence number given out so far (0 for an empty inbox). */
    public long head() {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("select last_seq from inbox_counter where name = 'seq'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the inbox", e);
        }
    }
}
