package io.clientsync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.clientsync.change.FeedPage;
import io.clientsync.change.InvalidChange;
import io.clientsync.change.PageReader;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.RunTracker;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.SecretSeal;
import io.clientsync.state.SourceSnapshot;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL source ({@code routes/source-sql.camel.yaml}): the engineer's SELECT over its own read-only pool, its
 * result streamed into pages ({@link SqlRead}) that end in {@code direct:source-page} like every source's: the same
 * schema, dead letters and inbox rules.
 *
 * <p>Incremental mode: the page's cursor is the change column's value (see {@link SqlRead} for ties), saved with the
 * page. Snapshot mode: every row is compared with what this source last gave the inbox ({@link SnapshotCompare});
 * only those that differ become changes. The run's number is its cursor ({@code run:N}, saved with the last page);
 * rows that the last complete run saw and this one did not are reported gone, never deleted.
 */
public final class SqlSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSource.class);
    public static final String KIND = "sql";
    /** Exchange property: this run's {@link Run}. */
    static final String RUN = "clientSyncSqlRun";
    private static final String RUN_MARK = "run:";

    private final SqlSettings settings;
    private final CursorStore cursors;
    private final SourceSnapshot snapshot;
    private final SnapshotCompare compare;
    private final PageReader reader;
    private final RunTracker tracker;
    private HikariDataSource pool;

    /** One run: the open read, and in snapshot mode the run's number and its counts. */
    static final class Run {
        final SqlRead read;
        final long number;
        long changes;
        long unchanged;

        Run(SqlRead read, long number) {
            this.read = read;
            this.number = number;
        }
    }

    /** @param seal keys the snapshot's content digests (a row may hold a secret field) */
    public SqlSource(SqlSettings settings, CursorStore cursors, Inbox inbox, SourceSnapshot snapshot, SecretSeal seal,
                     PageReader reader, RunTracker tracker) {
        this.settings = settings;
        this.cursors = cursors;
        this.snapshot = snapshot;
        this.compare = new SnapshotCompare(inbox, snapshot, seal, KIND);
        this.reader = reader;
        this.tracker = tracker;
    }

    /** First step of a run: the query runs, from the saved cursor in incremental mode. */
    public void start(Exchange exchange) throws SQLException {
        String saved = cursors.current(SourceKinds.cursorName(KIND)).orElse(null);
        Run run;
        if (settings.mode() == SqlSettings.Mode.INCREMENTAL) {
            run = new Run(SqlRead.open(pool(), settings, incrementalCursor(saved)), 0);
        } else {
            run = new Run(SqlRead.open(pool(), settings, null), runNumber(saved) + 1);
        }
        exchange.setProperty(RUN, run);
        exchange.setProperty(DeliveryKeys.HAS_MORE, true);
    }

    /** The next page of the result as the body, a {@link FeedPage} for {@code direct:source-page}. */
    public void page(Exchange exchange) throws SQLException {
        Run run = exchange.getProperty(RUN, Run.class);
        SqlRead.Page rows = run.read.next();
        FeedPage page;
        if (settings.mode() == SqlSettings.Mode.INCREMENTAL) {
            List<JsonNode> changes = new ArrayList<>(rows.rows().size());
            List<InvalidChange> malformed = new ArrayList<>();
            for (SqlRows.Row row : rows.rows()) {
                if (row.problem() == null) {
                    changes.add(row.change());
                } else {
                    malformed.add(invalid(row.change(), row.problem()));
                }
            }
            page = page(changes, malformed, rows.nextCursor(), rows.hasMore());
            exchange.removeProperty(DeliveryKeys.PAGE_WRITE);
        } else {
            SnapshotCompare.Decided decided = compare.decide(rows.rows());
            // The run's number is saved with its last page: a run cut short is run again under the same number.
            page = page(decided.changes, decided.malformed, rows.hasMore() ? null : RUN_MARK + run.number,
                    rows.hasMore());
            List<SourceSnapshot.Mark> marks = decided.marks(page);
            exchange.setProperty(DeliveryKeys.PAGE_WRITE,
                    (CursorStore.PageWrite) c -> snapshot.save(c, KIND, run.number, marks));
            run.changes += page.received();
            run.unchanged += decided.unchanged;
        }
        exchange.getIn().setBody(page);
    }

    /** After the last page: snapshot mode reports the rows gone from the result (they are not deleted). */
    public void finish(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (settings.mode() == SqlSettings.Mode.INCREMENTAL) {
            LOG.info("sql source: {} rows read", run.read.rowsRead());
            return;
        }
        SourceSnapshot.Gone gone = snapshot.gone(KIND, run.number - 1);
        LOG.info("sql snapshot run {}: {} rows read, {} changes, {} unchanged, gone: {}, not deleted{}", run.number,
                run.read.rowsRead(), run.changes, run.unchanged, gone.count(),
                gone.count() == 0 ? "" : " (e.g. " + String.join(", ", gone.some()) + ")");
        if (gone.count() > 0) {
            tracker.of(RunTracker.SOURCE).note(KIND, "gone: " + gone.count() + ", not deleted");
        }
    }

    /** Last step of a run, whatever happened: the read's connection goes back to the pool. */
    public void close(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (run != null) {
            run.read.close();
            exchange.removeProperty(RUN);
        }
    }

    private FeedPage page(List<JsonNode> changes, List<InvalidChange> malformed, String cursor, boolean hasMore) {
        FeedPage valid = reader.page(changes, cursor, hasMore);
        if (malformed.isEmpty()) {
            return valid;
        }
        List<InvalidChange> invalid = new ArrayList<>(malformed);
        invalid.addAll(valid.invalid());
        return new FeedPage(valid.changes(), List.copyOf(invalid), cursor, hasMore,
                valid.received() + malformed.size(), valid.superseded());
    }

    static InvalidChange invalid(ObjectNode change, String problem) {
        JsonNode id = change.get("id");
        return new InvalidChange(id == null || !id.isValueNode() ? "?" : Json.printable(id.asText(), 64),
                change.path("version").asLong(0), problem, change);
    }

    private static SqlCursor incrementalCursor(String saved) {
        if (saved == null) {
            return null;
        }
        if (saved.startsWith(RUN_MARK)) {
            LOG.warn("sql source: the saved cursor is a snapshot run's ({}); incremental mode starts from the first "
                    + "row (the inbox counts what it holds as stale)", saved);
            return null;
        }
        return SqlCursor.decode(saved);
    }

    private static long runNumber(String saved) {
        if (saved == null) {
            return 0;
        }
        if (!saved.startsWith(RUN_MARK)) {
            LOG.warn("sql source: the saved cursor is an incremental one ({}); snapshot mode starts at run 1", saved);
            return 0;
        }
        return Long.parseLong(saved.substring(RUN_MARK.length()));
    }

    /** Its own pool, made at the first run (a source database that is down fails that run, not start-up). */
    private synchronized HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(settings.url());
            if (settings.user() != null) {
                config.setUsername(settings.user());
            }
            if (settings.password() != null) {
                config.setPassword(settings.password());
            }
            config.setReadOnly(true); // client-sync only reads the source
            config.setMaximumPoolSize(1); // one query at a time: the source pipeline reads one page after the other
            config.setPoolName("client-sync-source-sql");
            config.setConnectionTimeout(10_000);
            config.setInitializationFailTimeout(10_000);
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
