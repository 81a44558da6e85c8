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
 * Per (vendor, client): last delivered version and payload. Read for a whole page in one query and written back in
 * batches; a write never replaces a higher version (a replay or a second node may have delivered a newer one).
 */
public final class Ledger {
    private static final int CHUNK = 500;
    private final StateStore store;

    public Ledger(StateStore store) {
        this.store = store;
    }

    /**
     * The ledger rows of these clients for these vendors, in one query per 500 clients. The ids go in as one array
     * joined as a table, so the primary key is used; an IN list of parameters made H2 read every row of the
     * vendor for every page (O(n^2) over a run). Key of the map: {@link #key(String, String)}.
     */
    public Map<String, LedgerEntry> load(Collection<String> vendors, List<String> clientIds) {
        Map<String, LedgerEntry> found = new HashMap<>();
        if (vendors.isEmpty() || clientIds.isEmpty()) {
            return found;
        }
        String sql = loadSql(store.dialect(), vendors.size());
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            String[] vendorArray = vendors.toArray(new String[0]);
            for (int from = 0; from < clientIds.size(); from += CHUNK) {
                String[] chunk = clientIds.subList(from, Math.min(clientIds.size(), from + CHUNK))
                        .toArray(new String[0]);
                bindLoad(c, ps, vendorArray, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LedgerEntry e = new LedgerEntry(rs.getString(1), rs.getString(2), rs.getLong(3),
                                rs.getString(4));
                        found.put(key(e.vendor(), e.clientId()), e);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the ledger", e);
        }
        return found;
    }

    /** The page query; the ids as an array joined as a table, the vendors as a short IN list. */
    static String loadSql(StateStore.Dialect dialect, int vendors) {
        if (dialect == StateStore.Dialect.POSTGRES) {
            return "select vendor, client_id, version, payload from ledger where vendor = any(?) and client_id = any(?)";
        }
        return "select l.vendor, l.client_id, l.version, l.payload from table(id varchar(64) = ?) t "
                + "join ledger l on l.client_id = t.id where l.vendor in ("
                + String.join(", ", java.util.Collections.nCopies(vendors, "?")) + ")";
    }

    void bindLoad(Connection c, PreparedStatement ps, String[] vendors, String[] ids) throws SQLException {
        if (store.dialect() == StateStore.Dialect.POSTGRES) {
            ps.setArray(1, c.createArrayOf("varchar", vendors));
            ps.setArray(2, c.createArrayOf("varchar", ids));
        } else {
            ps.setObject(1, ids);
            for (int i = 0; i < vendors.length; i++) {
                ps.setString(2 + i, vendors[i]);
            }
        }
    }

    public Optional<LedgerEntry> find(String vendor, String clientId) {
        return Optional.ofNullable(load(List.of(vendor), List.of(clientId)).get(key(vendor, clientId)));
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
                ? "insert into ledger (vendor, client_id, version, payload, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (vendor, client_id) do update set version = excluded.version, "
                + "payload = excluded.payload, updated_at = excluded.updated_at "
                + "where ledger.version <= excluded.version"
                : "merge into ledger t using (values (cast(? as varchar(32)), cast(? as varchar(64)), cast(? as bigint), "
                + "cast(? as varchar(1000000)), cast(? as timestamp))) s(vendor, client_id, version, payload, updated_at) "
                + "on t.vendor = s.vendor and t.client_id = s.client_id "
                + "when matched and t.version <= s.version then update set version = s.version, "
                + "payload = s.payload, updated_at = s.updated_at "
                + "when not matched then insert (vendor, client_id, version, payload, updated_at) "
                + "values (s.vendor, s.client_id, s.version, s.payload, s.updated_at)";
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (LedgerEntry e : entries) {
                ps.setString(1, e.vendor());
                ps.setString(2, e.clientId());
                ps.setLong(3, e.version());
                ps.setString(4, e.payload());
                ps.setTimestamp(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static String key(String vendor, String clientId) {
        return vendor + '\u0000' + clientId;
    }

}
