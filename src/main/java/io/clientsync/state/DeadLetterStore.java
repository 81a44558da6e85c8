package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The dead_letter table: what could not be delivered, why, and the change to replay. */
public final class DeadLetterStore {
    private static final String COLUMNS = "id, vendor, client_id, version, reason, http_status, vendor_code, message, "
            + "attempts, first_failed_at, last_failed_at, change_json, state";
    private final StateStore store;

    public DeadLetterStore(StateStore store) {
        this.store = store;
    }

    /** Failure of one (vendor, client, version, change). A repeat of an open one updates it instead of adding a row. */
    public record Failure(String vendor, String clientId, long version, String reason, Integer httpStatus,
                          String vendorCode, String message, int attempts, String changeJson, Long runId) {
    }

    /** @return the id of the row written */
    public long record(Failure f) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            long id = -1;
            // The same change failing again (a replay, a repeated feed page) updates its open row; two different
            // changes that share an unreadable id ("?") stay two rows.
            try (PreparedStatement find = c.prepareStatement("select id from dead_letter where state = 'open' and "
                    + "vendor = ? and client_id = ? and version = ? and change_json = ?")) {
                find.setString(1, f.vendor());
                find.setString(2, f.clientId());
                find.setLong(3, f.version());
                find.setString(4, f.changeJson());
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                    }
                }
            }
            if (id >= 0) {
                try (PreparedStatement up = c.prepareStatement("update dead_letter set reason = ?, http_status = ?, "
                        + "vendor_code = ?, message = ?, attempts = attempts + ?, last_failed_at = ?, run_id = ? "
                        + "where id = ?")) {
                    up.setString(1, f.reason());
                    setInt(up, 2, f.httpStatus());
                    up.setString(3, f.vendorCode());
                    up.setString(4, f.message());
                    up.setInt(5, f.attempts());
                    up.setTimestamp(6, now);
                    setLong(up, 7, f.runId());
                    up.setLong(8, id);
                    up.executeUpdate();
                }
            } else {
                try (PreparedStatement in = c.prepareStatement("insert into dead_letter (vendor, client_id, version, "
                        + "reason, http_status, vendor_code, message, attempts, first_failed_at, last_failed_at, "
                        + "change_json, state, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
                        new String[] {"id"})) {
                    in.setString(1, f.vendor());
                    in.setString(2, f.clientId());
                    in.setLong(3, f.version());
                    in.setString(4, f.reason());
                    setInt(in, 5, f.httpStatus());
                    in.setString(6, f.vendorCode());
                    in.setString(7, f.message());
                    in.setInt(8, f.attempts());
                    in.setTimestamp(9, now);
                    in.setTimestamp(10, now);
                    in.setString(11, f.changeJson());
                    setLong(in, 12, f.runId());
                    in.executeUpdate();
                    try (ResultSet keys = in.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
            }
            c.commit();
            return id;
        } catch (SQLException e) {
            throw new StateStoreException("cannot write a dead letter", e);
        }
    }

    public List<DeadLetter> open() {
        return query("select " + COLUMNS + " from dead_letter where state = 'open' order by id");
    }

    public List<DeadLetter> openFor(String vendor) {
        return query("select " + COLUMNS + " from dead_letter where state = 'open' and vendor = ? order by id",
                vendor);
    }

    public List<DeadLetter> byId(long id) {
        return query("select " + COLUMNS + " from dead_letter where id = ?", id);
    }

    public List<DeadLetter> all() {
        return query("select " + COLUMNS + " from dead_letter order by id");
    }

    /** Closes every open row of this (vendor, client) up to {@code version}: a newer state has been settled. */
    public int close(String vendor, String clientId, long version, String state) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("update dead_letter set state = ? where state = 'open' and "
                     + "vendor = ? and client_id = ? and version <= ?")) {
            ps.setString(1, state);
            ps.setString(2, vendor);
            ps.setString(3, clientId);
            ps.setLong(4, version);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("cannot update dead letters", e);
        }
    }

    /**
     * The console's filter: each argument null or blank for any; {@code state} one of open, replayed, discarded.
     * Newest first, at most {@code limit}.
     */
    public List<DeadLetter> search(String vendor, String reason, String clientId, String state, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = new ArrayList<>();
        for (String[] filter : new String[][] {{"vendor", vendor}, {"reason", reason}, {"client_id", clientId},
                {"state", state}}) {
            if (filter[1] != null && !filter[1].isBlank()) {
                where.append(" and ").append(filter[0]).append(" = ?");
                params.add(filter[1].strip());
            }
        }
        params.add(limit);
        return query("select " + COLUMNS + " from dead_letter" + where + " order by id desc limit ?",
                params.toArray());
    }

    /** Discards one open dead letter, as {@code replay} does for one a newer delivery made moot; false if not open. */
    public boolean discard(long id) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("update dead_letter set state = ? where id = ? and state = ?")) {
            ps.setString(1, DeadLetter.DISCARDED);
            ps.setLong(2, id);
            ps.setString(3, DeadLetter.OPEN);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StateStoreException("cannot update dead letters", e);
        }
    }

    private List<DeadLetter> query(String sql, Object... params) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; params != null && i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<DeadLetter> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(6);
                    Integer httpStatus = rs.wasNull() ? null : status;
                    rows.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), httpStatus, rs.getString(7), rs.getString(8), rs.getInt(9),
                            rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(), rs.getString(12),
                            rs.getString(13)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read dead letters", e);
        }
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
