package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per (vendor, client): last delivered version, payload and input hash. Read for a whole page in one query and
 * written back in batches; a write never replaces a higher version (a replay or a second node may have delivered a
 * newer one).
 */
public final class Ledger {
    private static final int CHUNK = 500;
    private final StateStore store;

    public Ledger(StateStore store) {
        this.store = store;
    }

    /**
     * The ledger rows of these clients for these vendors, by primary key, 500 clients a query. On H2 the ids go in
     * as one array joined as a table, one query per vendor: with an IN list of parameters, or with the vendors as
     * an IN list, H2 reads every row of those vendors for every page (O(n^2) over a run; {@code EXPLAIN ANALYZE}
     * showed a scanCount of the whole ledger). On PostgreSQL both go in as arrays. Key of the map:
     * {@link #key(String, String)}.
     */
    public Map<String, LedgerEntry> load(Collection<String> vendors, List<String> clientIds) {
        Map<String, LedgerEntry> found = new HashMap<>();
        if (vendors.isEmpty() || clientIds.isEmpty()) {
            return found;
        }
        boolean postgres = store.dialect() == StateStore.Dialect.POSTGRES;
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(loadSql(store.dialect()))) {
            for (int from = 0; from < clientIds.size(); from += CHUNK) {
                String[] chunk = clientIds.subList(from, Math.min(clientIds.size(), from + CHUNK))
                        .toArray(new String[0]);
                if (postgres) {
                    ps.setArray(1, c.createArrayOf("varchar", vendors.toArray(new String[0])));
                    ps.setArray(2, c.createArrayOf("varchar", chunk));
                    read(ps, found);
                } else {
                    for (String vendor : vendors) {
                        ps.setObject(1, chunk);
                        ps.setString(2, vendor);
                        read(ps, found);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the ledger", e);
        }
        return found;
    }

    /** The page query: on H2 for one vendor, the ids as an array joined as a table; on PostgreSQL two arrays. */
    static String loadSql(StateStore.Dialect dialect) {
        if (dialect == StateStore.Dialect.POSTGRES) {
            return "select vendor, client_id, version, payload, input_hash from ledger "
                    + "where vendor = any(?) and client_id = any(?)";
        }
        return "select l.vendor, l.client_id, l.version, l.payload, l.input_hash from table(id varchar(64) = ?) t "
                + "join ledger l on l.vendor = ? and l.client_id = t.id";
    }

    private static void read(PreparedStatement ps, Map<String, LedgerEntry> found) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LedgerEntry e = new LedgerEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5));
                found.put(key(e.vendor(), e.clientId()), e);
            }
        }
    }

    public Optional<LedgerEntry> find(String vendor, String clientId) {
        return Optional.ofNullable(load(List.of(vendor), List.of(clientId)).get(key(vendor, clientId)));
    }

    /** What one client's last delivery to a vendor was, and when: the console's view of a client. */
    public record Delivered(String vendor, long version, String payload, java.time.Instant at) {
    }

    /** The last delivery of this client to each vendor that has one. */
    public List<Delivered> deliveredOf(String clientId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select vendor, version, payload, updated_at from ledger where client_id = ? order by vendor")) {
            ps.setString(1, clientId);
            List<Delivered> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delivered(rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the ledger", e);
        }
    }

    public void save(Collection<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            save(c, entries);
            c.commit();
        } catch (SQLException e) {
            throw new StateStoreException("cannot write the ledger", e);
        }
    }

    /** Writes inside the caller's transaction (the page settle writes ledger and cursor together). */
    void save(Connection c, Collection<LedgerEntry> entries) throws SQLException {
        String sql = store.dialect() == StateStore.Dialect.POSTGRES
                ? "insert into ledger (vendor, client_id, version, payload, input_hash, updated_at) "
                + "values (?, ?, ?, ?, ?, ?) on conflict (vendor, client_id) do update set version = excluded.version, "
                + "payload = excluded.payload, input_hash = excluded.input_hash, updated_at = excluded.updated_at "
                + "where ledger.version <= excluded.version"
                : "merge into ledger t using (values (cast(? as varchar(32)), cast(? as varchar(64)), "
                + "cast(? as bigint), cast(? as varchar(1000000)), cast(? as varchar(64)), cast(? as timestamp))) "
                + "s(vendor, client_id, version, payload, input_hash, updated_at) "
                + "on t.vendor = s.vendor and t.client_id = s.client_id "
                + "when matched and t.version <= s.version then update set version = s.version, "
                + "payload = s.payload, input_hash = s.input_hash, updated_at = s.updated_at "
                + "when not matched then insert (vendor, client_id, version, payload, input_hash, updated_at) "
                + "values (s.vendor, s.client_id, s.version, s.payload, s.input_hash, s.updated_at)";
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (LedgerEntry e : entries) {
                ps.setString(1, e.vendor());
                ps.setString(2, e.clientId());
                ps.setLong(3, e.version());
                ps.setString(4, e.payload());
                ps.setString(5, e.inputHash());
                ps.setTimestamp(6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Inside the caller's transaction: sets the input hash of rows whose change mapped to the payload they already
     * hold (an unchanged skip after the vendor's settings, the routes or the build changed), so the next unchanged
     * change of the client is decided without mapping. Only a row still at the version that was compared is
     * touched: a newer delivery since keeps its own.
     */
    void refreshInputHashes(Connection c, Collection<LedgerEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update ledger set input_hash = ? where vendor = ? and client_id = ? and version = ?")) {
            for (LedgerEntry e : entries) {
                ps.setString(1, e.inputHash());
                ps.setString(2, e.vendor());
                ps.setString(3, e.clientId());
                ps.setLong(4, e.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static String key(String vendor, String clientId) {
        return vendor + '\u0000' + clientId;
    }

}
