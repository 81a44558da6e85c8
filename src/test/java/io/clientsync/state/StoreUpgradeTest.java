package io.clientsync.state;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.Postgres;
import io.clientsync.testing.SyncTestApp;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 8: a store written by the previous release (Flyway V1 and V2 only: cursor, ledger, xref, dead letters,
 * runs; no inbox, no vendor positions) upgrades with Flyway when the v2 application starts on it, and the run goes on
 * from the saved cursor. On an H2 file store and on a real PostgreSQL.
 *
 * <p>The feed answers only {@code since=v1-cursor}: a request from the start gets WireMock's 404 and fails the run.
 * The ledger rows v1 left decide what Fatora gets: a newer version of a delivered client is sent, the same version of
 * another is stale (no call), a new client is sent.
 */
class StoreUpgradeTest {
    private static final String V1_CURSOR = "v1-cursor";
    private static final String NEXT_CURSOR = "v2-cursor";
    private static final String KEY = "upgrade-fatora-key";
    /** What v1 delivered to Fatora: client id -> {version, payload}. */
    private static final Map<String, Object[]> V1_LEDGER = new LinkedHashMap<>();

    static {
        V1_LEDGER.put("c-1", new Object[] {3L, "{\"name\":\"Acme Old\",\"email\":\"a@acme.dk\"}"});
        V1_LEDGER.put("c-2", new Object[] {5L, "{\"name\":\"Beta ApS\",\"email\":\"b@beta.dk\"}"});
        V1_LEDGER.put("c-9", new Object[] {2L, "{\"name\":\"Not In The Page\",\"email\":\"n@x.dk\"}"});
    }

    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "upgrade-token");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private record Store(String url, String user, String password) {
        Connection open() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }
    }

    private static Store store(String kind, Path dir) {
        return kind.equals("h2") ? new Store("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null)
                : new Store(Postgres.freshDatabase(), "postgres", "postgres");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aV1StoreUpgradesToTheLatestSchemaAndTheRunGoesOnFromItsSavedCursor(String kind, @TempDir Path dir) throws Exception {
        Store store = store(kind, dir);
        writeV1Store(store);

        // The v1 run ended at v1-cursor; the feed since then: c-1 newer, c-2 at the version v1 delivered, c-3 new.
        FeedStub.after(wm, V1_CURSOR, List.of(
                FeedStub.change("c-1", 4, "Acme New", "a@acme.dk", "{\"fatora\":101}"),
                FeedStub.change("c-2", 5, "Beta ApS", "b@beta.dk", "{\"fatora\":102}"),
                FeedStub.change("c-3", 1, "Gamma", "g@gamma.dk", "{\"fatora\":103}")), NEXT_CURSOR);

        Map<String, String> settings = new HashMap<>(Map.of("source.url", FeedStub.url(wm),
                "vendors.enabled", "fatora", "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                "vendor.fatora.api-key", KEY, "state.url", store.url()));
        if (store.user() != null) {
            settings.put("state.user", store.user());
            settings.put("state.password", store.password());
        }
        RunStats stats;
        try (SyncTestApp app = SyncTestApp.start(settings)) { // Flyway migrates the store to V5 here
            stats = app.runOnce();
        }

        // The run went on from the saved cursor and succeeded.
        assertThat(stats.pages()).as(stats.summary()).isEqualTo(1);
        assertThat(stats.received()).isEqualTo(3);
        assertThat(stats.count("fatora", "delivered")).as(stats.summary()).isEqualTo(2);
        assertThat(stats.count("fatora", "stale")).as("c-2 at the version v1 delivered").isEqualTo(1);
        assertThat(stats.deadLettered()).isZero();
        assertThat(stats.anyDown()).isFalse();
        wm.verify(0, getRequestedFor(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", absent()));
        wm.verify(1, getRequestedFor(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", equalTo(V1_CURSOR)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(FeedStub.PATH)));

        // Fatora got exactly the newer c-1 and the new c-3.
        wm.verify(1, putRequestedFor(urlEqualTo("/v1/clients/101"))
                .withRequestBody(equalToJson("{\"name\":\"Acme New\",\"email\":\"a@acme.dk\"}")));
        wm.verify(1, putRequestedFor(urlEqualTo("/v1/clients/103"))
                .withRequestBody(equalToJson("{\"name\":\"Gamma\",\"email\":\"g@gamma.dk\"}")));
        wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/102")));
        wm.verify(2, putRequestedFor(urlPathMatching("/v1/clients/.*")));

        // What the store holds now, read with plain JDBC after the app has closed it.
        try (Connection c = store.open(); Statement st = c.createStatement()) {
            assertThat(rows(st, "select \"version\", \"success\" from \"flyway_schema_history\" "
                    + "where \"version\" is not null order by \"installed_rank\""))
                    .containsExactly("1|true", "2|true", "3|true", "4|true", "5|true",
                    "6|true", "7|true");
            assertThat(rows(st, "select cursor_value from sync_cursor where feed = 'clients'"))
                    .containsExactly(NEXT_CURSOR);

            assertThat(rows(st, "select client_id, version, payload from ledger where vendor = 'fatora' "
                    + "order by client_id")).containsExactly(
                    "c-1|4|{\"name\":\"Acme New\",\"email\":\"a@acme.dk\"}",
                    "c-2|5|" + V1_LEDGER.get("c-2")[1],
                    "c-3|1|{\"name\":\"Gamma\",\"email\":\"g@gamma.dk\"}",
                    "c-9|2|" + V1_LEDGER.get("c-9")[1]);
            assertThat(rows(st, "select vendor, client_id, version from ledger where vendor <> 'fatora'"))
                    .containsExactly("paymo|c-1|3");
            assertThat(rows(st, "select vendor, kind, local_id, remote_id from xref"))
                    .containsExactly("paymo-contacts|contact|c-1/p1|9001");

            assertThat(rows(st, "select vendor, client_id, version, reason, state from dead_letter"))
                    .as("v1's dead letter is still open, and this run added none")
                    .containsExactly("fatora|c-7|1|rejected|open");
            assertThat(rows(st, "select mode, status, pipeline from runs where summary = 'v1 run' order by id"))
                    .containsExactly("once|ok|null");
            assertThat(rows(st, "select status from runs where id = " + stats.runId())).containsExactly("ok");

            // The new V3 tables: the page went into the inbox, and Fatora's position has passed all of it.
            assertThat(rows(st, "select client_id, version from inbox order by seq"))
                    .containsExactly("c-1|4", "c-2|5", "c-3|1");
            String head = rows(st, "select max(seq) from inbox").get(0);
            assertThat(rows(st, "select vendor, settled_seq, paused from vendor_position"))
                    .containsExactly("fatora|" + head + "|false");
        }
    }

    /**
     * V5 moves the inbox's JSON and sealed secrets into inbox_body: rows an earlier v2 store holds (Flyway V4) read
     * the same after the upgrade, and the bodies are where the erasing of secrets looks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aV4InboxKeepsItsRowsAndBodiesThroughV5(String kind, @TempDir Path dir) throws Exception {
        Store store = store(kind, dir);
        Flyway.configure().dataSource(store.url(), store.user(), store.password())
                .locations("classpath:db/migration").target("4").load().migrate();
        Timestamp then = Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS));
        try (Connection c = store.open(); PreparedStatement ps = c.prepareStatement("insert into inbox (client_id, "
                + "version, seq, change_json, sealed, received_at, content_hash) values (?, ?, ?, ?, ?, ?, ?)")) {
            Object[][] rows = {{"c-1", 3L, 7L, "{\"id\":\"c-1\",\"version\":2}", null, "h1"},
                    {"c-2", 1L, 9L, "{\"id\":\"c-2\",\"version\":1}", "sealed-c-2", null}};
            for (Object[] row : rows) {
                ps.setString(1, (String) row[0]);
                ps.setLong(2, (Long) row[1]);
                ps.setLong(3, (Long) row[2]);
                ps.setString(4, (String) row[3]);
                ps.setString(5, (String) row[4]);
                ps.setTimestamp(6, then);
                ps.setString(7, (String) row[5]);
                ps.executeUpdate();
            }
        }
        try (StateStore migrated = new StateStore(store.url(), store.user(), store.password(), 2)) {
            Inbox inbox = new Inbox(migrated);
            assertThat(inbox.held(List.of("c-1")).get("c-1")).isEqualTo(new Inbox.Held(3, "h1", 7));
            assertThat(inbox.eraseSecrets(9)).as("c-2's sealed body, now in inbox_body").isEqualTo(1);
            List<InboxRow> read = inbox.after(0, 10); // with no key: it would fail on a sealed body
            assertThat(read).extracting(InboxRow::clientId, InboxRow::seq, InboxRow::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("c-1", 7L, 3L),
                            org.assertj.core.groups.Tuple.tuple("c-2", 9L, 1L));
            assertThat(read.get(0).changeJson()).isEqualTo("{\"id\":\"c-1\",\"version\":2}");
        }
        try (Connection c = store.open(); Statement st = c.createStatement()) {
            assertThat(rows(st, "select seq, sealed from inbox_body order by seq")).containsExactly("7|null", "9|null");
        }
    }

    /** What the previous release left: its schema (Flyway up to V2) and the rows a v1 run wrote. */
    private static void writeV1Store(Store store) throws SQLException {
        Flyway.configure().dataSource(store.url(), store.user(), store.password())
                .locations("classpath:db/migration").target("2").load().migrate();
        Timestamp then = Timestamp.from(Instant.now().minus(1, ChronoUnit.DAYS));
        try (Connection c = store.open()) {
            try (Statement st = c.createStatement()) {
                assertThat(rows(st, "select \"version\" from \"flyway_schema_history\" "
                        + "where \"version\" is not null order by \"installed_rank\"")).as("a v1 store").containsExactly("1", "2");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into sync_cursor (feed, cursor_value, updated_at) values ('clients', ?, ?)")) {
                ps.setString(1, V1_CURSOR);
                ps.setTimestamp(2, then);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into ledger (vendor, client_id, version, payload, "
                    + "updated_at, input_hash) values (?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Object[]> e : V1_LEDGER.entrySet()) {
                    ps.setString(1, "fatora");
                    ps.setString(2, e.getKey());
                    ps.setLong(3, (Long) e.getValue()[0]);
                    ps.setString(4, (String) e.getValue()[1]);
                    ps.setTimestamp(5, then);
                    ps.setString(6, null); // a row written before V2's input hash
                    ps.addBatch();
                }
                // A vendor that is not enabled in the new run: its row must simply stay.
                ps.setString(1, "paymo");
                ps.setString(2, "c-1");
                ps.setLong(3, 3);
                ps.setString(4, "{\"name\":\"Acme Old\"}");
                ps.setTimestamp(5, then);
                ps.setString(6, "0123456789abcdef");
                ps.addBatch();
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into xref (vendor, kind, local_id, remote_id, "
                    + "updated_at) values ('paymo-contacts', 'contact', 'c-1/p1', '9001', ?)")) {
                ps.setTimestamp(1, then);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into dead_letter (vendor, client_id, version, "
                    + "reason, http_status, vendor_code, message, attempts, first_failed_at, last_failed_at, "
                    + "change_json, state, run_id) values ('fatora', 'c-7', 1, 'rejected', null, null, "
                    + "'Fatora requires an email and the change has none', 1, ?, ?, ?, 'open', null)")) {
                ps.setTimestamp(1, then);
                ps.setTimestamp(2, then);
                ps.setString(3, "{\"id\":\"c-7\",\"version\":1,\"name\":\"No Mail\",\"vendor_ids\":{\"fatora\":107}}");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into runs (mode, started_at, finished_at, status, "
                    + "pages, changes, invalid, dead_letters, summary, error) "
                    + "values ('once', ?, ?, 'ok', 1, 4, 0, 1, 'v1 run', null)")) {
                ps.setTimestamp(1, then);
                ps.setTimestamp(2, then);
                ps.executeUpdate();
            }
        }
    }

    /** Each row as its columns joined with '|' (null as "null", booleans as true/false). */
    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }
}
