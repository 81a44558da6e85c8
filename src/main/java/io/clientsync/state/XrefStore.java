package io.clientsync.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ids that a vendor gave us, e.g. the Paymo contact id that a create answered with.
 *
 * <p>A write ({@link #put}, {@link #remove}) is queued and committed by one writer thread, with the writes that
 * came in the same millisecond: on a file store every commit writes a chunk of the store, so a commit per created
 * contact, with the delivery waiting for it, bounded a Paymo contacts delivery (docs/BENCHMARKS.md). Nothing waits
 * for the commit but {@link #awaitWritten}, which a page's settle calls before it saves the cursor: a page never
 * settles before the ids its deliveries were given are committed. A crash between a vendor's answer and the commit
 * loses the id, as it did when each put waited for its own commit; that window is the same millisecond. Reads see
 * queued writes.
 */
public final class XrefStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XrefStore.class);
    /** PostgreSQL: a LIKE, since its text order follows the collation and a key range could take other ids. */
    static final String PREFIX_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id like ? escape '\\' order by local_id";
    /** By primary key on H2: the ids from the prefix up to (not with) the prefix with its last character raised. */
    static final String PREFIX_RANGE_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id >= ? and local_id < ? order by local_id";
    /**
     * How long the writer waits for more writes before a commit: more rows share a chunk write, and the window in
     * which a crash loses an id stays what it was when every put waited for a commit of its own with this linger.
     */
    static final Duration LINGER = Duration.ofMillis(1);
    /** An idle writer thread ends after this long; the next write starts one. */
    private static final long IDLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final StateStore store;
    private final long lingerNanos;
    private final Object lock = new Object();
    // Guarded by lock: the writes not yet taken, the batch being written, sequence numbers of the last write queued
    // and the last one whose batch has ended, and what failed since awaitWritten last reported.
    private List<Write> queue = new ArrayList<>();
    private List<Write> inFlight = List.of();
    private long queued;
    private long ended;
    private boolean writerRunning;
    private final List<Write> failed = new ArrayList<>();
    private SQLException firstFailure;

    public XrefStore(StateStore store) {
        this(store, LINGER);
    }

    /** With another linger: tests hold writes in the queue to see what reads make of them. */
    XrefStore(StateStore store, Duration linger) {
        this.store = store;
        this.lingerNanos = linger.toNanos();
    }

    public Optional<String> find(String vendor, String kind, String localId) {
        synchronized (lock) { // the last queued write of this id is newer than anything committed
            Write last = null;
            for (Write w : pending()) {
                if (w.is(vendor, kind) && w.localId.equals(localId)) {
                    last = w;
                }
            }
            if (last != null) {
                return Optional.ofNullable(last.remoteId);
            }
        }
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement(
                     "select remote_id from xref where vendor = ? and kind = ? and local_id = ?")) {
            ps.setString(1, vendor);
            ps.setString(2, kind);
            ps.setString(3, localId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read xref", e);
        }
    }

    /**
     * Every xref of a vendor and kind whose local id starts with {@code prefix} (local id -> remote id), queued
     * writes included. On H2 as a range of the primary key, [prefix, prefix with its last character raised): H2
     * compares strings by code point, so the range holds exactly the ids with that prefix, and unlike a LIKE with a
     * parameter (which H2 parsed and planned again on every execution) it is planned once. PostgreSQL orders text by
     * its collation, so it keeps the LIKE.
     */
    public Map<String, String> findByPrefix(String vendor, String kind, String prefix) {
        // Queued writes taken before the read and again after it: one committed (and no longer queued) while the
        // read ran is in one of them, and a write outranks the read of its id. The order holds for writes of one
        // id by one thread, which is how they are made: a client's contacts belong to the delivery of its change.
        Map<Long, Write> queuedWrites = new java.util.TreeMap<>();
        queuedWithPrefix(vendor, kind, prefix, queuedWrites);
        boolean range = store.dialect() == StateStore.Dialect.H2 && !prefix.isEmpty()
                && prefix.charAt(prefix.length() - 1) != Character.MAX_VALUE;
        Map<String, String> found = new LinkedHashMap<>();
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement(range ? PREFIX_RANGE_SQL : PREFIX_SQL)) {
            ps.setString(1, vendor);
            ps.setString(2, kind);
            if (range) {
                ps.setString(3, prefix);
                ps.setString(4, prefix.substring(0, prefix.length() - 1)
                        + (char) (prefix.charAt(prefix.length() - 1) + 1));
            } else {
                ps.setString(3, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read xref", e);
        }
        queuedWithPrefix(vendor, kind, prefix, queuedWrites);
        for (Write w : queuedWrites.values()) {
            if (w.remoteId == null) {
                found.remove(w.localId);
            } else {
                found.put(w.localId, w.remoteId);
            }
        }
        return found;
    }

    private void queuedWithPrefix(String vendor, String kind, String prefix, Map<Long, Write> into) {
        synchronized (lock) {
            for (Write w : pending()) {
                if (w.is(vendor, kind) && w.localId.startsWith(prefix)) {
                    into.put(w.seq, w);
                }
            }
        }
    }

    /** Keeps (or replaces) one xref; committed within about {@link #LINGER}, and before {@link #awaitWritten}. */
    /**
     * Every id a vendor gave one client or its parts (local ids {@code client} or {@code client/part}), as
     * "kind part" (or "kind" for the client itself) -> remote id, for the console. Committed writes only.
     */
    public Map<String, String> ofClient(String vendor, String clientId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select kind, local_id, remote_id from xref where vendor = ? and (local_id = ? or local_id like ? "
                        + "escape '\\') order by kind, local_id")) {
            ps.setString(1, vendor);
            ps.setString(2, clientId);
            ps.setString(3, clientId.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%");
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String local = rs.getString(2);
                    out.put(local.equals(clientId) ? rs.getString(1)
                            : rs.getString(1) + " " + local.substring(clientId.length() + 1), rs.getString(3));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read xref", e);
        }
    }

    public void put(String vendor, String kind, String localId, String remoteId) {
        enqueue(vendor, kind, localId, Objects.requireNonNull(remoteId, "remoteId"));
    }

    /** Forgets one xref, in order with the puts. */
    public void remove(String vendor, String kind, String localId) {
        enqueue(vendor, kind, localId, null);
    }

    /**
     * Returns once every write queued before this call is committed; throws if any write failed since the last call
     * (naming how many, and the first), so that the batch whose deliveries made them does not settle.
     */
    public void awaitWritten() {
        awaitWritten(null);
    }

    /**
     * As {@link #awaitWritten()}, throwing only for this vendor's failed writes: each vendor pipeline settles on its
     * own, and one vendor's settle must not take (and so hide) the failure that must stop another's.
     */
    public void awaitWritten(String vendor) {
        synchronized (lock) {
            long target = queued;
            while (ended < target) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StateStoreException("interrupted while xref writes were pending", e);
                }
            }
            List<Write> mine = vendor == null ? List.copyOf(failed)
                    : failed.stream().filter(w -> w.vendor.equals(vendor)).toList();
            if (!mine.isEmpty()) {
                Write first = mine.get(0);
                StateStoreException e = new StateStoreException("cannot write " + mine.size() + " xref row(s), "
                        + "first " + first.vendor + " " + first.kind + " " + first.localId,
                        first == failed.get(0) ? firstFailure : null);
                failed.removeAll(mine);
                if (failed.isEmpty()) {
                    firstFailure = null;
                }
                throw e;
            }
        }
    }

    /**
     * Waits for the queued writes, and logs a failure instead of throwing it: at the start of a vendor's drain (what
     * a batch that failed before it settled left) and at close, there is no batch left to keep from settling.
     */
    public void drain() {
        drain(null);
    }

    public void drain(String vendor) {
        try {
            awaitWritten(vendor);
        } catch (StateStoreException e) {
            LOG.error("an xref write of a batch that did not settle failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        drain();
    }

    private void enqueue(String vendor, String kind, String localId, String remoteId) {
        synchronized (lock) {
            queue.add(new Write(++queued, vendor, kind, localId, remoteId));
            if (!writerRunning) {
                writerRunning = true;
                Thread writer = new Thread(this::writeWhileQueued, "client-sync-xref-writer");
                writer.setDaemon(true); // close() and the settles wait for it; it never holds the JVM up alone
                writer.start();
            } else {
                lock.notifyAll();
            }
        }
    }

    /** Queued then in flight, in the order they were made. */
    private List<Write> pending() {
        if (inFlight.isEmpty()) {
            return queue;
        }
        List<Write> all = new ArrayList<>(inFlight);
        all.addAll(queue);
        return all;
    }

    /** The writer thread: waits a linger for more writes, commits them all, and ends once idle for a while. */
    private void writeWhileQueued() {
        while (true) {
            List<Write> batch;
            synchronized (lock) {
                long idleUntil = System.nanoTime() + IDLE_NANOS;
                while (queue.isEmpty()) {
                    long left = idleUntil - System.nanoTime();
                    if (left <= 0) {
                        writerRunning = false;
                        return;
                    }
                    waitNanos(left);
                }
                long deadline = System.nanoTime() + lingerNanos;
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    waitNanos(left); // the monitor is free meanwhile: deliveries go on queueing
                }
                batch = queue;
                queue = new ArrayList<>();
                inFlight = batch;
            }
            Map<Write, SQLException> failures;
            try {
                failures = write(batch);
            } catch (RuntimeException | Error e) { // no write of a batch that threw may pass for committed
                SQLException cause = new SQLException("the batch it was in failed: " + e, e);
                failures = new LinkedHashMap<>();
                for (Write w : batch) {
                    failures.put(w, cause);
                }
            }
            synchronized (lock) {
                for (Map.Entry<Write, SQLException> f : failures.entrySet()) {
                    if (failed.isEmpty()) {
                        firstFailure = f.getValue();
                    }
                    failed.add(f.getKey());
                }
                inFlight = List.of();
                ended = batch.get(batch.size() - 1).seq;
                lock.notifyAll();
            }
        }
    }

    private void waitNanos(long nanos) {
        try {
            lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            // Nobody interrupts this thread but a JVM going down; the queued writes are still owed their commit.
        }
    }

    /**
     * The last write of each id, in one transaction; if that fails, one by one, so that only the bad ones fail.
     * Returns what failed.
     */
    private Map<Write, SQLException> write(List<Write> batch) {
        Map<String, Write> last = new LinkedHashMap<>(); // ids are distinct after this, so order no longer matters
        for (Write w : batch) {
            last.put(w.key(), w);
        }
        List<Write> rows = new ArrayList<>(last.values());
        Map<Write, SQLException> failures = new LinkedHashMap<>();
        try (Connection c = store.connection()) {
            if (rows.size() > 1) {
                try {
                    c.setAutoCommit(false);
                    write(c, rows);
                    c.commit();
                    return failures;
                } catch (SQLException e) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
            for (Write w : rows) {
                try {
                    write(c, List.of(w));
                } catch (SQLException e) {
                    failures.put(w, e);
                }
            }
        } catch (SQLException e) {
            for (Write w : rows) {
                failures.put(w, e);
            }
        }
        return failures;
    }

    private void write(Connection c, List<Write> rows) throws SQLException {
        String merge = store.dialect() == StateStore.Dialect.POSTGRES
                ? "insert into xref (vendor, kind, local_id, remote_id, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (vendor, kind, local_id) do update set remote_id = excluded.remote_id, "
                + "updated_at = excluded.updated_at"
                : "merge into xref (vendor, kind, local_id, remote_id, updated_at) key (vendor, kind, local_id) "
                + "values (?, ?, ?, ?, ?)";
        Timestamp now = Timestamp.from(Instant.now());
        List<Write> puts = rows.stream().filter(w -> w.remoteId != null).toList();
        List<Write> removes = rows.stream().filter(w -> w.remoteId == null).toList();
        if (!puts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(merge)) {
                for (Write w : puts) {
                    ps.setString(1, w.vendor);
                    ps.setString(2, w.kind);
                    ps.setString(3, w.localId);
                    ps.setString(4, w.remoteId);
                    ps.setTimestamp(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!removes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from xref where vendor = ? and kind = ? and local_id = ?")) {
                for (Write w : removes) {
                    ps.setString(1, w.vendor);
                    ps.setString(2, w.kind);
                    ps.setString(3, w.localId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** One queued write; a null remote id forgets the xref. */
    private record Write(long seq, String vendor, String kind, String localId, String remoteId) {
        boolean is(String vendor, String kind) {
            return this.vendor.equals(vendor) && this.kind.equals(kind);
        }

        String key() {
            return vendor + '\u0000' + kind + '\u0000' + localId;
        }
    }
}
