package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The durable inbox between the source pipeline and the vendor pipelines (DESIGN.md section 6): one row per client
 * with its highest version. A newer change replaces the row under a new sequence number; an older or equal one is
 * stale and changes nothing. Vendor pipelines read the rows after their position in sequence order.
 */
public final class Inbox {
    /** The rows after a position, a batch at a time: a range of the sequence index (a test checks the plan). */
    /** The rows first, then their bodies by key: with a plain join H2 drove it from inbox_body and read it all. */
    static final String AFTER_SQL = "select i.seq, i.client_id, i.version, b.change_json, i.received_at, b.sealed "
            + "from (select seq, client_id, version, received_at from inbox where seq > ? order by seq limit ?) i "
            + "join inbox_body b on b.seq = i.seq order by i.seq";
    static final String ERASE_SQL = "update inbox_body set sealed = null where seq > ? and seq <= ? "
            + "and sealed is not null";
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
     * One change to write: the client, its version, the keyed hash of its content less its version with the
     * enabled vendors' fingerprints (null: none, the row is always replaced; see InboxContentHash), and its body,
     * made when first asked (a stale change, or one whose version is only raised in place, never needs it).
     */
    public record Incoming(String clientId, long version, String contentHash, Supplier<Body> body) {
        public Incoming(String clientId, long version, String changeJson, String sealed) {
            this(clientId, version, null, () -> new Body(changeJson, sealed));
        }

        public Incoming(String clientId, long version, String changeJson) {
            this(clientId, version, changeJson, (String) null);
        }
    }

    /**
     * What a row keeps of a change: the change as received without its secret fields (JSON), and, when it has any,
     * the whole change as received sealed under {@link SecretSeal} (else null).
     */
    public record Body(String changeJson, String sealed) {
    }

    /** What the inbox holds of a client: its version, content hash and sequence number. */
    public record Held(long version, String contentHash, long seq) {
    }

    /**
     * @param written   rows inserted or replaced under a new sequence number: the vendor pipelines will read them
     * @param stale     changes not newer than the row the inbox holds
     * @param unchanged newer changes with the content of the row the inbox holds: its version was raised in place
     * @param firstSeq  the sequence number given to the first change; the i-th got {@code firstSeq + i}
     * @param kept      per change, whether it was written under its number (false: stale or unchanged, the number
     *                  left unused)
     */
    public record Written(int written, int stale, int unchanged, long lastSeq, long firstSeq, boolean[] kept) {
    }

    /**
     * Writes the changes inside the caller's transaction. The counter row is raised first: its lock holds any other
     * writer until this transaction ends, so sequence numbers commit in order, a reader never skips one that commits
     * later, and the rows read below cannot change before this transaction ends. A change not newer than its row
     * is stale. A newer one with the row's content hash (the same content, and the same vendors with the same
     * settings and routes) only raises the row's version in place: every vendor that passed the row has delivered
     * that content or decided it without a call, and one that has not will read the new version. Unless a dead
     * letter of that client is open: then the row is replaced, and each vendor tries the client again, as a new
     * version always made it. Every other change inserts or replaces its row under a new sequence number. Stale and
     * unchanged changes leave gaps in the numbers, which readers do not mind.
     */
    Written append(Connection c, List<Incoming> changes) throws SQLException {
        if (changes.isEmpty()) {
            return new Written(0, 0, 0, 0, 0, new boolean[0]);
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
        long first = last - changes.size() + 1;
        List<String> ids = new ArrayList<>(changes.size());
        for (Incoming change : changes) {
            ids.add(change.clientId());
        }
        if (new HashSet<>(ids).size() != ids.size()) { // a page keeps one change per client (superseded)
            throw new IllegalArgumentException("a client appears twice in one inbox write");
        }
        Map<String, Held> held = held(c, ids);
        Set<String> sameContent = new HashSet<>();
        for (Incoming change : changes) {
            Held row = held.get(change.clientId());
            if (row != null && row.version() < change.version() && change.contentHash() != null
                    && change.contentHash().equals(row.contentHash())) {
                sameContent.add(change.clientId());
            }
        }
        sameContent.removeAll(withOpenDeadLetters(c, sameContent));
        Timestamp now = Timestamp.from(Instant.now());
        boolean[] kept = new boolean[changes.size()];
        int written = 0;
        int stale = 0;
        int unchanged = 0;
        try (PreparedStatement insert = c.prepareStatement("insert into inbox (client_id, version, seq, received_at, "
                + "content_hash) values (?, ?, ?, ?, ?)");
             PreparedStatement replace = c.prepareStatement("update inbox set version = ?, seq = ?, received_at = ?, "
                     + "content_hash = ? where client_id = ?");
             PreparedStatement dropBody = c.prepareStatement("delete from inbox_body where seq = ?");
             PreparedStatement addBody = c.prepareStatement("insert into inbox_body (seq, change_json, sealed) "
                     + "values (?, ?, ?)")) {
            List<String> raisedIds = new ArrayList<>();
            List<Long> raisedVersions = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                Incoming change = changes.get(i);
                Held row = held.get(change.clientId());
                long seq = first + i;
                if (row != null && row.version() >= change.version()) {
                    stale++;
                } else if (row != null && sameContent.contains(change.clientId())) {
                    // The body keeps the version it came with: a reader takes the row's version (InboxRow).
                    raisedIds.add(change.clientId());
                    raisedVersions.add(change.version());
                    unchanged++;
                } else {
                    PreparedStatement write = row != null ? replace : insert;
                    int p = 1;
                    if (row == null) {
                        write.setString(p++, change.clientId());
                    }
                    write.setLong(p++, change.version());
                    write.setLong(p++, seq);
                    write.setTimestamp(p++, now);
                    write.setString(p++, change.contentHash());
                    if (row != null) {
                        write.setString(p, change.clientId());
                        dropBody.setLong(1, row.seq());
                        dropBody.addBatch();
                    }
                    write.addBatch();
                    Body body = change.body().get();
                    addBody.setLong(1, seq);
                    addBody.setString(2, body.changeJson());
                    addBody.setString(3, body.sealed());
                    addBody.addBatch();
                    kept[i] = true;
                    written++;
                }
            }
            insert.executeBatch();
            replace.executeBatch();
            dropBody.executeBatch();
            addBody.executeBatch();
            raise(c, raisedIds, raisedVersions);
        }
        return new Written(written, stale, unchanged, last, first, kept);
    }

    /**
     * Raises the versions of these rows in one statement: a statement per row cost more than the raise itself (an
     * unchanged feed's re-run raises every row).
     */
    private void raise(Connection c, List<String> ids, List<Long> versions) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        boolean postgres = store.dialect() == StateStore.Dialect.POSTGRES;
        try (PreparedStatement ps = c.prepareStatement(postgres
                ? "update inbox i set version = t.v from unnest(?, ?) as t(id, v) where i.client_id = t.id"
                : "merge into inbox i using table(id varchar(64) = ?, v bigint = ?) t on i.client_id = t.id "
                        + "when matched then update set version = t.v")) {
            String[] idArray = ids.toArray(new String[0]);
            Long[] versionArray = versions.toArray(new Long[0]);
            if (postgres) {
                ps.setArray(1, c.createArrayOf("varchar", idArray));
                ps.setArray(2, c.createArrayOf("bigint", versionArray));
            } else {
                ps.setObject(1, idArray);
                ps.setObject(2, versionArray);
            }
            ps.executeUpdate();
        }
    }

    /**
     * What the inbox holds of these clients now, read outside any write: the source pipeline looks before it makes
     * the changes' bodies, so that it makes none for a stale change. {@link #append} decides again in its
     * transaction.
     */
    public Map<String, Held> held(List<String> ids) {
        try (Connection c = store.connection()) {
            return held(c, ids);
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the inbox", e);
        }
    }

    /** The version and content hash the inbox holds of these clients: one query per chunk, as the ledger reads. */
    private Map<String, Held> held(Connection c, List<String> ids) throws SQLException {
        Map<String, Held> found = new HashMap<>();
        IdChunks.query(c, store.dialect(), ids,
                "select client_id, version, content_hash, seq from inbox where client_id = any(?)",
                "select i.client_id, i.version, i.content_hash, i.seq from table(id varchar(64) = ?) t "
                        + "join inbox i on i.client_id = t.id",
                rs -> found.put(rs.getString(1), new Held(rs.getLong(2), rs.getString(3), rs.getLong(4))));
        return found;
    }

    /** Those of these clients with an open dead letter at some vendor (asked only when some content is the same). */
    private Set<String> withOpenDeadLetters(Connection c, Set<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        if (!ids.isEmpty()) {
            IdChunks.query(c, store.dialect(), new ArrayList<>(ids),
                    "select distinct client_id from dead_letter where state = 'open' and client_id = any(?)",
                    "select distinct d.client_id from table(id varchar(64) = ?) t "
                            + "join dead_letter d on d.state = 'open' and d.client_id = t.id",
                    rs -> found.add(rs.getString(1)));
        }
        return found;
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
