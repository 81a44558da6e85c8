package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a snapshot source last made of each row of its result (Flyway V7): the row's keyed content digest, the version
 * client-sync gave it, whether it was invalid, and the last run that saw it. Read a page at a time; written with
 * the page's inbox rows, in its transaction, so a crash between the read and the commit leaves both as they were.
 */
public final class SourceSnapshot {
    private final StateStore store;

    public SourceSnapshot(StateStore store) {
        this.store = store;
    }

    /** One row as last seen: its key (the client id), digest, version given, invalid or not. */
    public record Mark(String key, String digest, long version, boolean invalid) {
    }

    /** The marks of these rows (absent: never seen). */
    public Map<String, Mark> find(String source, List<String> keys) {
        Map<String, Mark> found = new HashMap<>();
        try (Connection c = store.connection()) {
            IdChunks.query(c, store.dialect(), keys,
                    "select row_key, digest, version, invalid from source_snapshot where row_key = any(?) "
                            + "and source = ?",
                    "select s.row_key, s.digest, s.version, s.invalid from table(id varchar(100) = ?) t "
                            + "join source_snapshot s on s.row_key = t.id and s.source = ?",
                    rs -> found.put(rs.getString(1), new Mark(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getBoolean(4))), source);
            return found;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the source snapshot", e);
        }
    }

    /** Saves the page's marks, all seen by {@code run}, inside the caller's transaction (the page's). */
    public void save(Connection c, String source, long run, List<Mark> marks) throws SQLException {
        boolean postgres = store.dialect() == StateStore.Dialect.POSTGRES;
        try (PreparedStatement ps = c.prepareStatement(postgres
                ? "insert into source_snapshot (source, row_key, digest, version, invalid, seen_run) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (source, row_key) do update set "
                        + "digest = excluded.digest, version = excluded.version, invalid = excluded.invalid, "
                        + "seen_run = excluded.seen_run"
                : "merge into source_snapshot (source, row_key, digest, version, invalid, seen_run) "
                        + "key (source, row_key) values (?, ?, ?, ?, ?, ?)")) {
            for (Mark m : marks) {
                ps.setString(1, source);
                ps.setString(2, m.key());
                ps.setString(3, m.digest());
                ps.setLong(4, m.version());
                ps.setBoolean(5, m.invalid());
                ps.setLong(6, run);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Rows that run {@code run} saw and no later run has: gone from the result since. A few of their keys, too. */
    public record Gone(long count, List<String> some) {
    }

    public Gone gone(String source, long run) {
        try (Connection c = store.connection();
             PreparedStatement count = c.prepareStatement(
                     "select count(*) from source_snapshot where source = ? and seen_run = ?");
             PreparedStatement some = c.prepareStatement(
                     "select row_key from source_snapshot where source = ? and seen_run = ? order by row_key "
                             + "limit 10")) {
            List<String> keys = new ArrayList<>();
            for (PreparedStatement ps : List.of(count, some)) {
                ps.setString(1, source);
                ps.setLong(2, run);
            }
            long n;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
            try (ResultSet rs = some.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return new Gone(n, keys);
        } catch (SQLException e) {
            throw new StateStoreException("cannot count the rows gone from the source", e);
        }
    }
}
