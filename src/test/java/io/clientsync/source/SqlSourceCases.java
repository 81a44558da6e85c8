package io.clientsync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.CursorStore;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.Inbox;
import io.clientsync.support.Json;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL source through the real app (route files, wiring, inbox, Fatora's pipeline against WireMock), over a
 * source table in H2 ({@link SqlSourceH2Test}) and in a real PostgreSQL ({@link SqlSourcePostgresTest}).
 */
abstract class SqlSourceCases {
    private static final String ADDRESS = "{\"city\": \"Aarhus\", \"country\": \"DK\"}";
    WireMockServer wm;
    SourceTable table;

    abstract SourceTable table();

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "sql-token");
        table = table();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    Map<String, String> settings(String mode, String query) {
        Map<String, String> s = table.settings(mode, query, wm.baseUrl() + "/v1");
        s.put("sync.page-size", "2");
        return s;
    }

    @Test
    void incrementalPagesSaveTheirCursorAndTheNextRunStartsAfterIt() {
        for (int i = 1; i <= 5; i++) {
            table.put("c" + i, 1, "Client " + i, "c" + i + "@x.dk", ADDRESS, 100 + i, i);
        }
        try (SyncTestApp app = SyncTestApp.start(settings("incremental", SourceTable.INCREMENTAL))) {
            RunStats first = app.runOnce();
            assertThat(first.pages()).isEqualTo(3);
            assertThat(first.count("fatora", "delivered")).isEqualTo(5);
            assertThat(cursor(app)).contains("timestamp:2026-01-01T00:00:05");
            assertThat(jsonAt(fatoraBody("c3", 103), "address")).contains("Aarhus");

            table.put("c2", 2, "Client 2 renamed", "c2@x.dk", ADDRESS, 102, 6);
            table.put("c6", 1, "Client 6", "c6@x.dk", null, 106, 7);
            RunStats second = app.runOnce();
            assertThat(second.received()).as("only the rows after the cursor").isEqualTo(2);
            assertThat(second.count("fatora", "delivered")).isEqualTo(2);
            assertThat(cursor(app)).contains("timestamp:2026-01-01T00:00:07");
            assertThat(jsonAt(fatoraBody("c2", 102), "name")).isEqualTo("Client 2 renamed");

            assertThat(app.runOnce().received()).as("nothing after the cursor").isZero();
        }
        wm.verify(7, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    @Test
    void rowsTiedOnTheChangeColumnAcrossPageBoundariesAreAllDelivered() {
        // page size 2: pages [c1 c2] [c3 c4] [c5] all tied at second 10 but c1; no page's cursor may be 10 but the last
        table.put("c1", 1, "Client 1", "c1@x.dk", null, 101, 5);
        for (int i = 2; i <= 5; i++) {
            table.put("c" + i, 1, "Client " + i, "c" + i + "@x.dk", null, 100 + i, 10);
        }
        try (SyncTestApp app = SyncTestApp.start(settings("incremental", SourceTable.INCREMENTAL))) {
            RunStats run = app.runOnce();
            assertThat(run.count("fatora", "delivered")).isEqualTo(5);
            assertThat(cursor(app)).contains("timestamp:2026-01-01T00:00:10");
        }
    }

    @Test
    void invalidRowsAreDeadLetteredOnceUnderSourceAndTheRestDelivered() {
        table.put("ok1", 1, "Good One", "ok1@x.dk", ADDRESS, 201, 1);
        table.put("bad-email", 1, "Bad Email", "not-an-email", null, 202, 2);
        table.put("bad-version", -3, "Bad Version", "v@x.dk", null, 203, 3);
        table.put("bad-address", 1, "Bad Address", "a@x.dk", "{\"city\": \"Aarhus\"", 204, 4);
        table.put("ok2", 1, "Good Two", "ok2@x.dk", null, 205, 5);
        try (SyncTestApp app = SyncTestApp.start(settings("incremental", SourceTable.INCREMENTAL))) {
            RunStats run = app.runOnce();
            assertThat(run.invalid()).isEqualTo(3);
            assertThat(run.count("fatora", "delivered")).isEqualTo(2);
            assertThat(app.deadLetters()).allSatisfy(d -> {
                assertThat(d.vendor()).isEqualTo("source");
                assertThat(d.reason()).isEqualTo("invalid-change");
            }).extracting(DeadLetter::clientId).containsExactlyInAnyOrder("bad-email", "bad-version", "bad-address");
            assertThat(app.deadLetters()).filteredOn(d -> d.clientId().equals("bad-address"))
                    .extracting(DeadLetter::message).singleElement().asString().contains("address is not JSON");

            assertThat(app.runOnce().invalid()).isZero();
            assertThat(app.deadLetters()).hasSize(3);
        }
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/clients/201")));
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/clients/205")));
        wm.verify(2, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    @Test
    void theHighestVersionWinsWhicheverSourceItCameFrom() {
        // the feed has c1 at v5 and c2 at v2; the table has c1 at v3 and c2 at v7
        FeedStub.pages(wm, List.of(List.of(FeedStub.change("c1", 5, "Feed One", "c1@feed.dk", "{\"fatora\":301}"),
                FeedStub.change("c2", 2, "Feed Two", "c2@feed.dk", "{\"fatora\":302}"))));
        table.put("c1", 3, "Sql One", "c1@sql.dk", null, 301, 1);
        table.put("c2", 7, "Sql Two", "c2@sql.dk", null, 302, 2);
        Map<String, String> s = settings("incremental", SourceTable.INCREMENTAL);
        s.put("source.kinds", "feed,sql");
        s.put("source.url", FeedStub.url(wm));
        try (SyncTestApp app = SyncTestApp.start(s)) {
            RunStats run = app.runOnce();
            assertThat(run.stale()).as("the table's c1 v3 is below the feed's v5").isEqualTo(1);
            Map<String, Inbox.Held> held = app.bean("inbox", Inbox.class).held(List.of("c1", "c2"));
            assertThat(held.get("c1").version()).isEqualTo(5);
            assertThat(held.get("c2").version()).isEqualTo(7);
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).contains("p1");
            assertThat(cursor(app)).isPresent();
        }
        assertThat(jsonAt(fatoraBody("c1", 301), "name")).isEqualTo("Feed One");
        assertThat(jsonAt(fatoraBody("c2", 302), "name")).isEqualTo("Sql Two");
    }

    @Test
    void snapshotChangesOnlyWhatDiffersAndReportsGoneRowsWithoutDeletingThem() {
        table.put("a", 0, "Client A", "a@x.dk", ADDRESS, 401, 0);
        table.put("b", 0, "Client B", "b@x.dk", null, 402, 0);
        table.put("c", 0, "Client C", "c@x.dk", null, 403, 0);
        try (SyncTestApp app = SyncTestApp.start(settings("snapshot", SourceTable.SNAPSHOT))) {
            Inbox inbox = app.bean("inbox", Inbox.class);
            RunStats first = app.runOnce();
            assertThat(first.received()).isEqualTo(3);
            assertThat(first.count("fatora", "delivered")).isEqualTo(3);
            assertThat(inbox.held(List.of("a")).get("a").version()).as("a version client-sync gives").isEqualTo(1);

            RunStats same = app.runOnce();
            assertThat(same.received()).as("unchanged rows are no change").isZero();
            assertThat(same.summary()).doesNotContain("gone");

            table.put("b", 0, "Client B", "b@new.dk", null, 402, 0);
            table.exec("delete from crm_clients where id = 'c'");
            RunStats edited = app.runOnce();
            assertThat(edited.received()).isEqualTo(1);
            assertThat(edited.count("fatora", "delivered")).isEqualTo(1);
            assertThat(inbox.held(List.of("b")).get("b").version()).isEqualTo(2);
            assertThat(edited.summary()).contains("sql gone: 1, not deleted");
            assertThat(inbox.held(List.of("c"))).as("a gone row stays in the inbox").containsKey("c");

            assertThat(app.runOnce().summary()).as("reported once").doesNotContain("gone");
        }
        assertThat(jsonAt(fatoraBody("b", 402), "email")).isEqualTo("b@new.dk");
        wm.verify(4, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    @Test
    void snapshotDeadLettersAnInvalidRowOnceAndTakesItWhenFixed() {
        table.put("good", 0, "Good", "good@x.dk", null, 501, 0);
        table.put("bad", 0, "Bad", "bad-at-x.dk", null, 502, 0);
        try (SyncTestApp app = SyncTestApp.start(settings("snapshot", SourceTable.SNAPSHOT))) {
            assertThat(app.runOnce().invalid()).isEqualTo(1);
            assertThat(app.runOnce().invalid()).as("the same invalid row: no second dead letter").isZero();
            assertThat(app.deadLetters()).extracting(DeadLetter::clientId).containsExactly("bad");

            table.put("bad", 0, "Bad", "bad@x.dk", null, 502, 0);
            RunStats fixed = app.runOnce();
            assertThat(fixed.received()).isEqualTo(1);
            assertThat(fixed.count("fatora", "delivered")).isEqualTo(1);
        }
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/clients/502")));
    }

    static java.util.Optional<String> cursor(SyncTestApp app) {
        return new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current("sql");
    }

    /** The last body Fatora was sent for this client. */
    JsonNode fatoraBody(String client, long fatoraId) {
        List<LoggedRequest> sent = wm.findAll(putRequestedFor(urlPathEqualTo("/v1/clients/" + fatoraId)));
        assertThat(sent).as("Fatora calls for " + client).isNotEmpty();
        try {
            return Json.MAPPER.readTree(sent.get(sent.size() - 1).getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String jsonAt(JsonNode node, String... path) {
        JsonNode at = node;
        for (String p : path) {
            at = at.path(p);
        }
        return at.asText();
    }
}
