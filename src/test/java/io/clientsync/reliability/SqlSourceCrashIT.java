package io.clientsync.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.testing.JarProcess;
import io.clientsync.testing.Postgres;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL source killed with SIGKILL between its read and its inbox commit: the packaged jar reads a PostgreSQL
 * table into a PostgreSQL store (so the test can watch the inbox grow) and is killed right after the inbox took a
 * page, while the next one is read and written; every other kill lands while Fatora is sent the changes. Then it is
 * started again, until a run completes. In the end Fatora's records are a clean run's, and its repeated calls are
 * bounded by the batch in flight per kill. Incremental mode (rows tied on the change column in sevens, so pages end
 * inside ties) and snapshot mode (where the rows' marks must commit with their page: every client keeps version 1).
 */
class SqlSourceCrashIT {
    static final int ROWS = Integer.getInteger("sql.crash.rows", 800);
    static final int KILLS = Integer.getInteger("sql.crash.kills", 4);
    static final int PAGE = 50;
    static final int BATCH = 50;

    @ParameterizedTest
    @ValueSource(strings = {"incremental", "snapshot"})
    void killsBetweenReadAndCommitLoseNothingAndRepeatAtMostTheBatchInFlight(String mode) throws Exception {
        String source = Postgres.freshDatabase();
        exec(source, "create table crm_clients (id varchar(64) primary key, version bigint, name varchar(255), "
                + "email varchar(320), vendor_ids jsonb, updated_at timestamp not null)");
        exec(source, "insert into crm_clients select 'c' || g, 1, 'Client ' || g, 'c' || g || '@x.dk', "
                + "jsonb_build_object('fatora', g), timestamp '2026-01-01' + (g / 7) * interval '1 second' "
                + "from generate_series(1, " + ROWS + ") g");
        Set<Long> ids = LongStream.rangeClosed(1, ROWS).boxed().collect(Collectors.toSet());
        Map<Long, ObjectNode> clean;
        try (FatoraSimulator fatora = new FatoraSimulator("sql-crash-key", ids)) {
            try (SyncTestApp app = SyncTestApp.start(settings(mode, source, fatora, Postgres.freshDatabase()))) {
                app.runOnce();
            }
            clean = fatora.clients();
        }
        assertThat(clean).hasSize(ROWS);

        String state = Postgres.freshDatabase();
        Random random = new Random(20261205);
        try (FatoraSimulator fatora = new FatoraSimulator("sql-crash-key", ids)) {
            Map<String, String> s = settings(mode, source, fatora, state);
            s.put("sync.lock-ttl-ms", "1500"); // a killed holder's lease runs out quickly
            s.put("state.secret-key", SyncTestApp.TEST_SECRET_KEY);
            JarProcess jar = JarProcess.in("sql-crash-", s);
            List<String> kills = new ArrayList<>();
            int runs = 0;
            while (true) {
                runs++;
                assertThat(runs).as("runs needed").isLessThan(KILLS + 20);
                boolean kill = kills.size() < KILLS;
                boolean sourceKill = kills.size() % 2 == 0;
                long inboxAt = inboxRows(state) + 1 + random.nextInt(Math.max(1, ROWS / 2));
                int updatesAt = fatora.updates() + 1 + random.nextInt(2 * BATCH);
                // a source kill falls back to Fatora's trigger once the source has been read to its end
                BooleanSupplier killWhen = () -> kill && (sourceKill && inboxRows(state) >= inboxAt
                        || fatora.updates() >= updatesAt);
                OptionalInt exit = jar.runKilledWhen(killWhen, "--once");
                if (exit.isEmpty()) {
                    kills.add((sourceKill ? "inbox " : "updates ") + inboxRows(state) + "/" + fatora.updates());
                    continue;
                }
                if (exit.getAsInt() == 1 && jar.err().contains("holds the state store")) {
                    Thread.sleep(1600); // the killed run's lease has to run out first
                    continue;
                }
                assertThat(exit.getAsInt()).as(jar.err()).isZero();
                if (kills.size() >= KILLS) {
                    break;
                }
            }
            assertThat(fatora.clients()).as("Fatora's records after kills at %s", kills).isEqualTo(clean);
            int repeated = fatora.updates() - ROWS;
            String figures = mode + ": kills at (inbox rows/Fatora updates) " + kills + ", " + runs + " runs, "
                    + "repeated calls " + repeated + " (bound " + kills.size() * BATCH + ")";
            System.out.println("sql source crash safety, " + figures);
            Files.writeString(Path.of("target", "sql-crash-" + mode + ".txt"), figures + "\n");
            assertThat(repeated).isBetween(0, kills.size() * BATCH);
            assertThat(inboxRows(state)).isEqualTo(ROWS);
            if (mode.equals("snapshot")) {
                assertThat(query(state, "select max(version) from inbox")).as("no row was made a change twice")
                        .isEqualTo(1);
            }
        }
    }

    private static Map<String, String> settings(String mode, String source, FatoraSimulator fatora, String state) {
        Map<String, String> s = new HashMap<>();
        s.put("source.kinds", "sql");
        s.put("source.sql.url", source);
        s.put("source.sql.user", "postgres");
        s.put("source.sql.mode", mode);
        s.put("source.sql.query", mode.equals("incremental")
                ? "SELECT id, version, name, email, vendor_ids, updated_at FROM crm_clients "
                        + "WHERE updated_at > COALESCE(:cursor, TIMESTAMP '1970-01-01 00:00:00') ORDER BY updated_at"
                : "SELECT id, name, email, vendor_ids FROM crm_clients");
        s.put("source.sql.cursor-column", "updated_at");
        s.put("sync.page-size", Integer.toString(PAGE));
        s.put("delivery.batch-size", Integer.toString(BATCH));
        s.put("state.url", state);
        s.put("vendors.enabled", "fatora");
        s.put("vendor.fatora.base-url", fatora.baseUrl());
        s.put("vendor.fatora.api-key", "sql-crash-key");
        s.put("vendor.fatora.rate-limit", "1000");
        s.put("vendor.fatora.rate-period-ms", "1000");
        return s;
    }

    private static long inboxRows(String state) {
        try {
            return query(state, "select count(*) from inbox");
        } catch (IllegalStateException e) {
            return 0; // not migrated yet
        }
    }

    private static long query(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
