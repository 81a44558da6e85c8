package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every vendor pipeline's position in the inbox and its state (paused, down). A batch's ledger rows and the new
 * position are written in one transaction, so a crash repeats at most the batch in flight.
 */
public final class VendorPositions {
    private final StateStore store;
    private final Ledger ledger;

    public VendorPositions(StateStore store, Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /** The vendor's row; a vendor that never ran starts at position 0 (every client's latest state). */
    public VendorPosition of(String vendor) {
        return all().getOrDefault(vendor, VendorPosition.fresh(vendor));
    }

    public Map<String, VendorPosition> all() {
        Map<String, VendorPosition> found = new LinkedHashMap<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select vendor, settled_seq, paused, down_since, down_reason, last_run_at from vendor_position "
                        + "order by vendor");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getString(1), new VendorPosition(rs.getString(1), rs.getLong(2), rs.getBoolean(3),
                        instant(rs.getTimestamp(4)), rs.getString(5), instant(rs.getTimestamp(6))));
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the vendor positions", e);
        }
        return found;
    }

    /**
     * A batch has ended: its ledger rows, the input hashes to refresh and the new position, atomically. The
     * position never moves back (a second writer that settled further stays).
     */
    public void settle(String vendor, Collection<LedgerEntry> delivered, Collection<LedgerEntry> refreshed,
                       long position) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            ledger.save(c, delivered);
            ledger.refreshInputHashes(c, refreshed);
            ensure(c, vendor);
            try (PreparedStatement ps = c.prepareStatement("update vendor_position set settled_seq = ?, "
                    + "last_run_at = ?, updated_at = ? where vendor = ? and settled_seq <= ?")) {
                Timestamp now = Timestamp.from(Instant.now());
                ps.setLong(1, position);
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, now);
                ps.setString(4, vendor);
                ps.setLong(5, position);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new StateStoreException("cannot settle the batch of " + vendor + " (ledger and position)", e);
        }
    }

    /** The pipeline looked and found nothing to do: only its last-run time moves. */
    public void ranIdle(String vendor) {
        update(vendor, "update vendor_position set last_run_at = ?, updated_at = ? where vendor = ?", true);
    }

    public void pause(String vendor) {
        update(vendor, "update vendor_position set paused = true, updated_at = ? where vendor = ?", false);
    }

    public void resume(String vendor) {
        update(vendor, "update vendor_position set paused = false, updated_at = ? where vendor = ?", false);
    }

    /**
     * Its circuit opened; the first time since it was up is kept. Returns that time when this call marked it down
     * (it was up), empty when it was down already: the caller alerts on the change only, once across runs, restarts
     * and processes (the conditional update lets one writer win).
     */
    public Optional<Instant> down(String vendor, String reason) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            ensure(c, vendor);
            // Whole milliseconds: what the store keeps is what the caller is told (and an alert's "since" reads well).
            Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            int changed;
            try (PreparedStatement ps = c.prepareStatement("update vendor_position set down_since = ?, "
                    + "down_reason = ?, updated_at = ? where vendor = ? and down_since is null")) {
                ps.setTimestamp(1, now);
                ps.setString(2, reason);
                ps.setTimestamp(3, now);
                ps.setString(4, vendor);
                changed = ps.executeUpdate();
            }
            if (changed == 0) {
                try (PreparedStatement ps = c.prepareStatement("update vendor_position set down_reason = ?, "
                        + "updated_at = ? where vendor = ?")) {
                    ps.setString(1, reason);
                    ps.setTimestamp(2, now);
                    ps.setString(3, vendor);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return changed == 0 ? Optional.empty() : Optional.of(now.toInstant());
        } catch (SQLException e) {
            throw new StateStoreException("cannot mark " + vendor + " down", e);
        }
    }

    /** Up again. Returns since when it had been down when this call ended the outage, empty when it was up. */
    public Optional<Instant> up(String vendor) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            Instant since = null;
            try (PreparedStatement ps = c.prepareStatement("select down_since from vendor_position where vendor = ? "
                    + "for update")) {
                ps.setString(1, vendor);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        since = instant(rs.getTimestamp(1));
                    }
                }
            }
            int changed = 0;
            if (since != null) {
                try (PreparedStatement ps = c.prepareStatement("update vendor_position set down_since = null, "
                        + "down_reason = null, updated_at = ? where vendor = ? and down_since is not null")) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setString(2, vendor);
                    changed = ps.executeUpdate();
                }
            }
            c.commit();
            return changed == 0 ? Optional.empty() : Optional.of(since);
        } catch (SQLException e) {
            throw new StateStoreException("cannot mark " + vendor + " up", e);
        }
    }

    private void update(String vendor, String sql, boolean twoTimes) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            ensure(c, vendor);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp now = Timestamp.from(Instant.now());
                int i = 1;
                ps.setTimestamp(i++, now);
                if (twoTimes) {
                    ps.setTimestamp(i++, now);
                }
                ps.setString(i, vendor);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new StateStoreException("cannot update the position of " + vendor, e);
        }
    }

    /** The vendor's row, made at position 0 the first time; a second node making it at once is harmless. */
    private static void ensure(Connection c, String vendor) throws SQLException {
        try (PreparedStatement find = c.prepareStatement("select 1 from vendor_position where vendor = ?")) {
            find.setString(1, vendor);
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("insert into vendor_position (vendor, settled_seq, paused, "
                + "updated_at) values (?, 0, false, ?)")) {
            insert.setString(1, vendor);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
