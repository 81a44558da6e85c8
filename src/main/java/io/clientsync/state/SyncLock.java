package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Leases in the state store, one per pipeline ("source", "vendor:fatora"), so that two processes never run the same
 * pipeline of one store at once. A crashed holder's lease runs out after {@code ttl}; a live holder renews it while
 * it runs.
 */
public final class SyncLock {
    private final StateStore store;
    private final Duration ttl;

    public SyncLock(StateStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    /** @return empty when acquired, else who holds it and until when */
    public Optional<String> tryAcquire(String name, String owner) {
        Instant now = Instant.now();
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement take = c.prepareStatement(
                    "update sync_lock set owner = ?, acquired_at = ?, expires_at = ? where name = ? "
                            + "and (expires_at < ? or owner = ?)")) {
                take.setString(1, owner);
                take.setTimestamp(2, Timestamp.from(now));
                take.setTimestamp(3, Timestamp.from(now.plus(ttl)));
                take.setString(4, name);
                take.setTimestamp(5, Timestamp.from(now));
                take.setString(6, owner);
                if (take.executeUpdate() == 1) {
                    c.commit();
                    return Optional.empty();
                }
            }
            try (PreparedStatement holder = c.prepareStatement(
                    "select owner, expires_at from sync_lock where name = ?")) {
                holder.setString(1, name);
                try (ResultSet rs = holder.executeQuery()) {
                    if (rs.next()) {
                        c.rollback();
                        return Optional.of(rs.getString(1) + " (lease until " + rs.getTimestamp(2).toInstant() + ")");
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into sync_lock (name, owner, acquired_at, expires_at) values (?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, owner);
                insert.setTimestamp(3, Timestamp.from(now));
                insert.setTimestamp(4, Timestamp.from(now.plus(ttl)));
                insert.executeUpdate();
                c.commit();
                return Optional.empty();
            } catch (SQLException raced) {
                c.rollback(); // another process inserted it first
                return Optional.of("another process (it took the lock just now)");
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot take the sync lock", e);
        }
    }

    public void renew(String name, String owner) {
        update(name, "update sync_lock set expires_at = ? where name = ? and owner = ?", owner,
                Timestamp.from(Instant.now().plus(ttl)));
    }

    public void release(String name, String owner) {
        update(name, "delete from sync_lock where name = ? and owner = ?", owner, null);
    }

    private void update(String name, String sql, String owner, Timestamp expires) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (expires != null) {
                ps.setTimestamp(i++, expires);
            }
            ps.setString(i++, name);
            ps.setString(i, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("cannot update the sync lock", e);
        }
    }

    /** Every lease held now (name -> holder), for the status views: a pipeline whose lease is held is running. */
    public java.util.Map<String, String> holders() {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select name, owner from sync_lock where expires_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            java.util.Map<String, String> out = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the leases", e);
        }
    }
}
