package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** One row per run with its counts: a run of one pipeline (scheduled mode) or of them all (--once). */
public final class RunStore {
    private final StateStore store;

    public RunStore(StateStore store) {
        this.store = store;
    }

    /** A run of every pipeline together (--once, replay). */
    public long start(String mode) {
        return start(mode, ALL);
    }

    /** The pipeline whose run this is: {@value #ALL}, "source" or a vendor id. */
    public static final String ALL = "all";

    public long start(String mode, String pipeline) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("insert into runs (mode, pipeline, started_at, status, pages, "
                     + "changes, invalid, dead_letters) values (?, ?, ?, 'running', 0, 0, 0, 0)", new String[] {"id"})) {
            ps.setString(1, mode);
            ps.setString(2, pipeline);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot record the run", e);
        }
    }

    public void finish(long id, String status, int pages, int changes, int invalid, int deadLetters, String summary,
                       String error) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("update runs set finished_at = ?, status = ?, pages = ?, "
                     + "changes = ?, invalid = ?, dead_letters = ?, summary = ?, error = ? where id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, status);
            ps.setInt(3, pages);
            ps.setInt(4, changes);
            ps.setInt(5, invalid);
            ps.setInt(6, deadLetters);
            ps.setString(7, summary);
            ps.setString(8, error);
            ps.setLong(9, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("cannot record the run", e);
        }
    }

    /** The status of a run whose source pipeline failed (the feed, or writing its pages); other failures: "failed". */
    public static final String SOURCE_FAILED = "source-failed";

    /**
     * Whether the source was failing when this run started: the last sync run before it that ended with the source's
     * outcome known (not a replay or dry run, not one that failed elsewhere, not one still running or crashed) is
     * {@value #SOURCE_FAILED}. The source alerts are sent when this and the run's own outcome differ.
     */
    public boolean sourceFailingBefore(long runId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select status from runs where id < ? and pipeline in ('source', 'all') "
                        + "and mode in ('once', 'scheduled') and status not in ('running', 'failed') "
                        + "order by id desc fetch first 1 rows only")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && SOURCE_FAILED.equals(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the runs", e);
        }
    }

    /** When the last run of this pipeline (or of all pipelines together) started. */
    public java.util.Optional<java.time.Instant> lastStart(String pipeline) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "select max(started_at) from runs where pipeline = ? or pipeline = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, ALL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return java.util.Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the runs", e);
        }
    }
}
