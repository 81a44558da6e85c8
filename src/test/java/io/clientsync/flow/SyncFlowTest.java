package io.clientsync.flow;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.Ledger;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The poll route, paging, the cursor and invalid changes, through the real routes. */
class SyncFlowTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "flow-token");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private Map<String, String> settings(String storeUrl) {
        return Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora", "state.url", storeUrl,
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", "flow-key-1",
                "source.token", "feed-token-1", "sync.page-size", "2");
    }

    private static List<String> clients(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(FeedStub.change("c" + i, 1, "Client " + i, "c" + i + "@x.dk", "{\"fatora\":" + (100 + i) + "}"));
        }
        return out;
    }

    @Test
    void pagesUntilHasMoreIsFalseAndSavesTheCursor() {
        FeedStub.pages(wm, List.of(clients(1, 2), clients(3, 4), clients(5, 5)));
        String store = SyncTestApp.memoryStore();
        try (SyncTestApp app = SyncTestApp.start(settings(store))) {
            RunStats stats = app.runOnce();
            assertThat(stats.pages()).isEqualTo(3);
            assertThat(stats.count("fatora", "delivered")).isEqualTo(5);
            assertThat(app.bean("ledger", Ledger.class).find("fatora", "c5")).isPresent();
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).contains("p3");
        }
        wm.verify(getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("limit", equalTo("2"))
                .withHeader("Authorization", equalTo("Bearer feed-token-1")).withQueryParam("since", absent()));
        wm.verify(getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p1")));
        wm.verify(getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p2")));
        wm.verify(5, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    /** When was the request to this path (and query) received, from WireMock's log. */
    private long receivedAt(String method, String url) {
        return wm.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals(method)
                        && e.getRequest().getUrl().equals(url)).findFirst().orElseThrow(() -> new AssertionError(
                        method + " " + url + " was never received")).getRequest().getLoggedDate().getTime();
    }

    @Test
    void theNextPageIsFetchedWhileThisOneIsDelivered() {
        FeedStub.pages(wm, List.of(clients(1, 1), clients(2, 2)));
        wm.stubFor(put("/v1/clients/101").atPriority(1).willReturn(okJson(
                "{\"status\":\"SUCCESS\",\"client\":{}}").withFixedDelay(1500)));
        try (SyncTestApp app = SyncTestApp.start(settings(SyncTestApp.memoryStore()))) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(2);
        }
        long slowCallAnswered = receivedAt("PUT", "/v1/clients/101") + 1500;
        assertThat(receivedAt("GET", "/changes?since=p1&limit=2")).as("page 2 asked for before page 1 was done")
                .isLessThan(slowCallAnswered - 500);
    }

    /** v2: the source pipeline writes to the inbox and reads on; it never waits for a vendor's delivery. */
    @Test
    void withoutPrefetchTheSourceStillNeverWaitsForTheVendors() {
        FeedStub.pages(wm, List.of(clients(1, 1), clients(2, 2)));
        wm.stubFor(put("/v1/clients/101").atPriority(1).willReturn(okJson(
                "{\"status\":\"SUCCESS\",\"client\":{}}").withFixedDelay(1000)));
        Map<String, String> settings = new java.util.HashMap<>(settings(SyncTestApp.memoryStore()));
        settings.put("sync.prefetch", "false");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(2);
        }
        assertThat(receivedAt("GET", "/changes?since=p1&limit=2"))
                .as("page 2 is read while page 1's slow delivery is in flight")
                .isLessThan(receivedAt("PUT", "/v1/clients/101") + 1000);
    }

    @Test
    void aReadAheadThatFailsIsFetchedAgainWithTheFeedsRetries() {
        FeedStub.pages(wm, List.of(clients(1, 2), clients(3, 4)));
        wm.stubFor(get(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p1")).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(serviceUnavailable()).willSetStateTo("recovered"));
        Map<String, String> settings = new java.util.HashMap<>(settings(SyncTestApp.memoryStore()));
        settings.put("source.redelivery-delay-ms", "10");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            RunStats stats = app.runOnce();
            assertThat(stats.pages()).isEqualTo(2);
            assertThat(stats.count("fatora", "delivered")).isEqualTo(4);
        }
        wm.verify(2, getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p1")));
    }

    @Test
    void aFailedPageStopsTheRunAndTheRestartResumesFromTheSavedCursor() {
        FeedStub.pages(wm, List.of(clients(1, 2), clients(3, 4)));
        wm.stubFor(get(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p1"))
                .atPriority(1).willReturn(serverError()));
        String store = SyncTestApp.memoryStore();
        try (SyncTestApp app = SyncTestApp.start(settings(store))) {
            assertThatThrownBy(app::runOnce).isInstanceOf(CamelExecutionException.class)
                    .rootCause().hasMessageContaining("500");
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).contains("p1");
        }
        // the read-ahead (sync.prefetch), then the first try plus source.max-redeliveries (2) for the failing page
        wm.verify(4, getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p1")));
        wm.resetRequests();
        wm.removeStub(wm.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .findFirst().orElseThrow());
        try (SyncTestApp app = SyncTestApp.start(settings(store))) {
            RunStats stats = app.runOnce();
            assertThat(stats.pages()).isEqualTo(1);
            assertThat(stats.count("fatora", "delivered")).isEqualTo(2);
        }
        wm.verify(0, getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("since", absent()));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/changes")).withQueryParam("since", equalTo("p1")));
        wm.verify(2, putRequestedFor(urlPathMatching("/v1/clients/.*"))); // only page 2: page 1 was settled
        wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/101")));
    }

    @Test
    void aPageThatIsNotJsonStopsTheRunWithoutMovingTheCursor() {
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(ok("<html>oops</html>")));
        try (SyncTestApp app = SyncTestApp.start(settings(SyncTestApp.memoryStore()))) {
            assertThatThrownBy(app::runOnce).rootCause().hasMessageContaining("not valid JSON");
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).isEmpty();
        }
        wm.verify(1, getRequestedFor(urlPathEqualTo("/changes"))); // not retried: it will not get better
    }

    @Test
    void anInvalidChangeIsDeadLetteredWhileTheRestIsDelivered() {
        List<String> page = new ArrayList<>(clients(1, 2));
        page.add(1, "{\"id\":\"bad id\",\"version\":1,\"name\":\"Spaces\"}");
        page.add("{\"id\":\"c9\",\"version\":1,\"name\":\"Nine\",\"address\":{\"country\":\"Denmark\"},"
                + "\"vendor_ids\":{\"fatora\":9}}");
        FeedStub.pages(wm, List.of(page));
        try (SyncTestApp app = SyncTestApp.start(settings(SyncTestApp.memoryStore()))) {
            RunStats stats = app.runOnce();
            assertThat(stats.invalid()).isEqualTo(2);
            assertThat(stats.count("fatora", "delivered")).isEqualTo(2);
            assertThat(stats.deadLettered()).isEqualTo(2);
            List<DeadLetter> dls = app.deadLetters();
            assertThat(dls).extracting(DeadLetter::vendor).containsOnly("source");
            assertThat(dls).extracting(DeadLetter::reason).containsOnly("invalid-change");
            assertThat(dls).extracting(DeadLetter::clientId).containsExactlyInAnyOrder("bad id", "c9");
            assertThat(dls.stream().filter(d -> d.clientId().equals("c9")).findFirst().orElseThrow().message())
                    .contains("$.address.country");
        }
        wm.verify(2, putRequestedFor(urlPathMatching("/v1/clients/.*")));
        wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/9")));
    }

    @Test
    void skipsNoIdStaleAndDeletedWithoutCalls() {
        FeedStub.pages(wm, List.of(List.of(
                FeedStub.change("n1", 1, "No id", "n@x.dk", "{}"),
                "{\"id\":\"d1\",\"version\":2,\"deleted\":true,\"vendor_ids\":{\"fatora\":5}}")));
        try (SyncTestApp app = SyncTestApp.start(settings(SyncTestApp.memoryStore()))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "no-id")).isEqualTo(1);
            assertThat(stats.count("fatora", "deleted")).isEqualTo(1);
        }
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void aChangedClientIsSentAgainButAnUnchangedMappingIsNot() {
        String store = SyncTestApp.memoryStore();
        FeedStub.pages(wm, List.of(List.of(FeedStub.change("u1", 1, "Same", "s@x.dk", "{\"fatora\":1}"),
                FeedStub.change("u2", 1, "Old", "o@x.dk", "{\"fatora\":2}"))));
        try (SyncTestApp app = SyncTestApp.start(settings(store))) {
            app.runOnce();
        }
        wm.resetAll();
        wm.stubFor(post("/v1/Authorization/Authorize").willReturn(okJson(
                "{\"success\":true,\"bearer_token\":\"flow-token\"}")));
        wm.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        // version 2 of both; only u2's mapped fields differ (u1 changed a field Fatora does not take)
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson("{\"changes\":["
                + "{\"id\":\"u1\",\"version\":2,\"name\":\"Same\",\"email\":\"s@x.dk\",\"website\":\"https://n.dk\","
                + "\"vendor_ids\":{\"fatora\":1}},"
                + FeedStub.change("u2", 2, "New", "o@x.dk", "{\"fatora\":2}")
                + "],\"next_cursor\":\"p2\",\"has_more\":false}")));
        try (SyncTestApp app = SyncTestApp.start(settings(store))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "unchanged")).isEqualTo(1);
            assertThat(stats.count("fatora", "delivered")).isEqualTo(1);
        }
        wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/1")));
        wm.verify(1, putRequestedFor(urlEqualTo("/v1/clients/2")).withRequestBody(matchingJsonPath("$.name",
                equalTo("New"))));
    }

    @Test
    void aDeadLetteredChangeDoesNotHoldUpTheRestOfThePage() {
        wm.stubFor(put("/v1/clients/103").atPriority(1).willReturn(badRequest().withBody(
                "{\"status\":\"ERROR\",\"error\":\"refused\"}")));
        FeedStub.pages(wm, List.of(clients(1, 5), clients(6, 7)));
        String store = SyncTestApp.memoryStore();
        try (SyncTestApp app = SyncTestApp.start(settings(store))) {
            RunStats stats = app.runOnce();
            assertThat(stats.pages()).isEqualTo(2);
            assertThat(stats.count("fatora", "delivered")).isEqualTo(6);
            assertThat(stats.count("fatora", "dead-lettered")).isEqualTo(1);
            Ledger ledger = app.bean("ledger", Ledger.class);
            assertThat(ledger.load(List.of("fatora"), List.of("c1", "c2", "c4", "c5", "c6", "c7"))).hasSize(6);
            assertThat(ledger.find("fatora", "c3")).isEmpty();
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).contains("p2");
        }
    }

    @Test
    void theSameSyncRunsOnPostgres() {
        FeedStub.pages(wm, List.of(clients(1, 2), clients(3, 3)));
        Map<String, String> s = new java.util.HashMap<>(settings(io.clientsync.testing.Postgres.freshDatabase()));
        s.put("state.user", "postgres");
        s.put("state.password", "postgres");
        try (SyncTestApp app = SyncTestApp.start(s)) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(3);
            Ledger ledger = app.bean("ledger", Ledger.class);
            assertThat(ledger.load(List.of("fatora"), List.of("c1", "c2", "c3"))).hasSize(3);
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).contains("p2");
        }
    }

    @Test
    void aDryRunSendsNothingAndSavesNothing() {
        List<String> page = new ArrayList<>(clients(1, 2));
        page.add("{\"id\":\"bad id\",\"version\":1,\"name\":\"Spaces\"}");
        FeedStub.pages(wm, List.of(page));
        Map<String, String> s = new java.util.HashMap<>(settings(SyncTestApp.memoryStore()));
        s.put("sync.dry-run", "true");
        try (SyncTestApp app = SyncTestApp.start(s)) {
            RunStats stats = app.runOnce();
            assertThat(stats.pages()).isEqualTo(1);
            assertThat(stats.invalid()).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
            Ledger ledger = app.bean("ledger", Ledger.class);
            assertThat(ledger.load(List.of("fatora"), List.of("c1", "c2"))).isEmpty();
            assertThat(new CursorStore(app.store(), app.bean("inbox", Inbox.class)).current()).isEmpty();
        }
        wm.verify(0, putRequestedFor(anyUrl()));
    }
}
