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
    /** PostgreSQL: a LIKE, since its text order follows the collation and a key range could take other ids. */
    static final String PREFIX_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id like ? escape '\\' order by local_id";
    /** By primary key on H2: the ids from the prefix up to (not with) the prefix with its last character raised. */
    static final String PREFIX_RANGE_SQL = "select local_id, remote_id from xref where vendor = ? and kind = ? "
            + "and local_id >= ? and local_id < ? order by local_id";
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

    /** Keeps (or replaces) one xref in one statement, committed at once. */
    public void put(String vendor, String kind, String localId, String remoteId) {
        String sql = store.dialect() == StateStore.Dialect.POSTGRES
                ? "insert into xref (vendor, kind, local_id, remote_id, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (vendor, kind, local_id) do update set remote_id = excluded.remote_id, "
                + "updated_at = excluded.updated_at"
                : "merge into xref (vendor, kind, local_id, remote_id, updated_at) key (vendor, kind, local_id) "
                + "values (?, ?, ?, ?, ?)";
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, vendor);
            ps.setString(2, kind);
            ps.setString(3, localId);
            ps.setString(4, remoteId);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
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
