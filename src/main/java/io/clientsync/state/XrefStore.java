package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Ids that a vendor gave us, e.g. the Paymo contact id that a create answered with. Written at once, not batched. */
public final class XrefStore {
    /** By primary key: H2 and PostgreSQL turn a LIKE prefix into a range of the key. */
    static final String PREFIX_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id like ? escape '\\' order by local_id";
    private final StateStore store;

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

    /** Every xref of a vendor and kind whose local id starts with {@code prefix} (local id -> remote id). */
    public java.util.Map<String, String> findByPrefix(String vendor, String kind, String prefix) {
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement(PREFIX_SQL)) {
            ps.setString(1, vendor);
            ps.setString(2, kind);
            ps.setString(3, escaped + "%");
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

    public void put(String vendor, String kind, String localId, String remoteId) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(
                    "delete from xref where vendor = ? and kind = ? and local_id = ?")) {
                del.setString(1, vendor);
                del.setString(2, kind);
                del.setString(3, localId);
                del.executeUpdate();
            }
            try (PreparedStatement in = c.prepareStatement(
                    "insert into xref (vendor, kind, local_id, remote_id, updated_at) values (?, ?, ?, ?, ?)")) {
                in.setString(1, vendor);
                in.setString(2, kind);
                in.setString(3, localId);
                in.setString(4, remoteId);
                in.setTimestamp(5, Timestamp.from(Instant.now()));
                in.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new StateStoreException("cannot write xref", e);
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
