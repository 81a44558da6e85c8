package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clientsync.delivery.Outcome;
import io.clientsync.delivery.RunStats;
import io.clientsync.support.Json;

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

    /**
     * Ends a run with its totals from its counts, and each vendor's outcome counts (the console charts them), in one
     * transaction.
     */
    public void finish(RunStats stats, String status, String error) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement run = c.prepareStatement("update runs set finished_at = ?, status = ?, pages = ?, "
                    + "changes = ?, invalid = ?, dead_letters = ?, summary = ?, error = ? where id = ?");
                 PreparedStatement counts = c.prepareStatement("insert into run_vendor (run_id, vendor, delivered, "
                         + "unchanged, stale, no_id, deleted, dead_lettered, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                run.setTimestamp(1, Timestamp.from(Instant.now()));
                run.setString(2, status);
                run.setInt(3, stats.pages());
                run.setInt(4, stats.received());
                run.setInt(5, stats.invalid());
                run.setInt(6, (int) stats.deadLettered());
                run.setString(7, stats.summary());
                run.setString(8, error);
                run.setLong(9, stats.runId());
                run.executeUpdate();
                for (String vendor : stats.vendors()) {
                    counts.setLong(1, stats.runId());
                    counts.setString(2, vendor);
                    int i = 3;
                    for (Outcome o : Outcome.values()) {
                        counts.setLong(i++, stats.count(vendor, o.label()));
                    }
                    String note = stats.note(vendor);
                    counts.setString(i, note == null ? null : Json.truncate(note, 200));
                    counts.addBatch();
                }
                counts.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("cannot record the run", e);
        }
    }

    /**
     * The last runs of one pipeline, newest first: a vendor's own runs and the runs of every pipeline together that
     * delivered to it (with its counts), or the source's runs and those together (with the feed's counts).
     */
    public List<RunRecord> recent(String pipeline, int limit) {
        boolean source = RunRecord.SOURCE.equals(pipeline);
        String sql = "select r.id, r.mode, r.pipeline, r.started_at, r.finished_at, r.status, r.pages, r.changes, "
                + "r.invalid, r.dead_letters, r.error, v.delivered, v.unchanged, v.stale, v.no_id, v.deleted, "
                + "v.dead_lettered, v.note from runs r left join run_vendor v on v.run_id = r.id and v.vendor = ? "
                + (source ? "where r.pipeline in (?, 'all') and r.mode <> 'replay' "
                          : "where (r.pipeline = ? or v.vendor is not null) ")
                + "order by r.id desc limit ?";
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setString(2, pipeline);
            ps.setInt(3, limit);
            List<RunRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    if (rs.getObject(12) != null) {
                        int i = 12;
                        for (Outcome o : Outcome.values()) {
                            counts.put(o.label(), rs.getLong(i++));
                        }
                    }
                    Timestamp finished = rs.getTimestamp(5);
                    out.add(new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), finished == null ? null : finished.toInstant(),
                            rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), counts,
                            rs.getString(18), rs.getString(11)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the runs", e);
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
