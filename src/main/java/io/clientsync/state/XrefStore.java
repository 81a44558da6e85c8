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
 * Ids that a vendor gave us, e.g. the Paymo contact id that a create answered with. Written at once (not with the
 * page), concurrent puts in one commit.
 */
public final class XrefStore {
    /** PostgreSQL: a LIKE, since its text order follows the collation and a key range could take other ids. */
    static final String PREFIX_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id like ? escape '\\' order by local_id";
    /** By primary key on H2: the ids from the prefix up to (not with) the prefix with its last character raised. */
    static final String PREFIX_RANGE_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id >= ? and local_id < ? order by local_id";
    /**
     * How long a commit waits for more rows: a fraction of a vendor call (and nothing next to Paymo's rate limit),
     * against a chunk write per commit saved. Measured: 1 ms cut the five-vendor benchmark's CPU per request by 6
     * to 10% against no wait (docs/BENCHMARKS.md).
     */
    private static final long LINGER_NANOS = 1_000_000;
    private final StateStore store;
    private List<Pending> queue = new ArrayList<>();
    private boolean writing;

    public XrefStore(StateStore store) {
        this.store = store;
    }

    public Optional<String> find(String vendor, String kind, String localId) {
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
     * Every xref of a vendor and kind whose local id starts with {@code prefix} (local id -> remote id). On H2 as a
     * range of the primary key, [prefix, prefix with its last character raised): H2 compares strings by code point,
     * so the range holds exactly the ids with that prefix, and unlike a LIKE with a parameter (which H2 parsed and
     * planned again on every execution) it is planned once. PostgreSQL orders text by its collation, so it keeps
     * the LIKE.
     */
    public java.util.Map<String, String> findByPrefix(String vendor, String kind, String prefix) {
        boolean range = store.dialect() == StateStore.Dialect.H2 && !prefix.isEmpty()
                && prefix.charAt(prefix.length() - 1) != Character.MAX_VALUE;
        java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
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
        return found;
    }

    /**
     * Keeps (or replaces) one xref, committed before this returns: a created contact's id must survive a crash that
     * follows. Puts of concurrent deliveries share one transaction (group commit): while one thread writes, the
     * others queue their rows, and the first of them writes the whole queue when it is done. On a file store every
     * commit writes a chunk of the store, so one commit per created contact was most of a Paymo contacts delivery.
     */
    public void put(String vendor, String kind, String localId, String remoteId) {
        Pending mine = new Pending(vendor, kind, localId, remoteId);
        List<Pending> batch;
        synchronized (this) {
            queue.add(mine);
            boolean interrupted = false;
            while (!mine.done && writing) {
                try {
                    wait(); // the writer may take this row in its batch, or leave it for the next one
                } catch (InterruptedException e) {
                    interrupted = true; // the row may be in a batch under way: wait for its outcome all the same
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (mine.done) {
                mine.rethrow();
                return;
            }
            writing = true;
            linger();
            batch = queue;
            queue = new ArrayList<>();
        }
        boolean returned = false;
        try {
            write(batch);
            returned = true;
        } finally {
            synchronized (this) {
                for (Pending p : batch) {
                    if (!returned && p.failure == null) { // no row of a batch that threw may pass for written
                        p.failure = new StateStoreException("cannot write xref",
                                new IllegalStateException("the batch it was in failed"));
                    }
                    p.done = true;
                }
                writing = false;
                notifyAll();
            }
        }
        mine.rethrow();
    }

    /**
     * Holds the commit for {@link #LINGER_NANOS} while other deliveries' rows arrive (the monitor is released while
     * waiting, and they queue behind {@code writing}), so that more creates share one chunk write. The batch is
     * bounded by the delivery threads that can be putting at once.
     */
    private void linger() {
        long deadline = System.nanoTime() + LINGER_NANOS;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                wait(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** All in one transaction; if that fails, row by row, so that one bad row fails only its own put. */
    private void write(List<Pending> batch) {
        try (Connection c = store.connection()) {
            if (batch.size() > 1) {
                try {
                    c.setAutoCommit(false);
                    write(c, batch);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
            for (Pending p : batch) {
                try {
                    write(c, List.of(p));
                } catch (SQLException e) {
                    p.failure = new StateStoreException("cannot write xref", e);
                }
            }
        } catch (SQLException e) {
            for (Pending p : batch) {
                p.failure = new StateStoreException("cannot write xref", e);
            }
        }
    }

    private void write(Connection c, List<Pending> rows) throws SQLException {
        String sql = store.dialect() == StateStore.Dialect.POSTGRES
                ? "insert into xref (vendor, kind, local_id, remote_id, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (vendor, kind, local_id) do update set remote_id = excluded.remote_id, "
                + "updated_at = excluded.updated_at"
                : "merge into xref (vendor, kind, local_id, remote_id, updated_at) key (vendor, kind, local_id) "
                + "values (?, ?, ?, ?, ?)";
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Pending p : rows) {
                ps.setString(1, p.vendor);
                ps.setString(2, p.kind);
                ps.setString(3, p.localId);
                ps.setString(4, p.remoteId);
                ps.setTimestamp(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One put waiting for its commit; done and failure are guarded by the store's monitor. */
    private static final class Pending {
        final String vendor;
        final String kind;
        final String localId;
        final String remoteId;
        boolean done;
        StateStoreException failure;

        Pending(String vendor, String kind, String localId, String remoteId) {
            this.vendor = vendor;
            this.kind = kind;
            this.localId = localId;
            this.remoteId = remoteId;
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    public void remove(String vendor, String kind, String localId) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement(
                     "delete from xref where vendor = ? and kind = ? and local_id = ?")) {
            ps.setString(1, vendor);
            ps.setString(2, kind);
            ps.setString(3, localId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("cannot delete xref", e);
        }
    }
}
