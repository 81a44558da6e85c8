package io.clientsync.connector.fatora;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** Fatora through the real routes against a WireMock Fatora: mapping, token, every answer class. */
class FatoraDeliveryTest {
    private static final String KEY = "fatora-test-key-123";
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    static String jwt(String id, long exp) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + b.encodeToString(("{\"jti\":\"" + id + "\",\"exp\":" + exp + "}").getBytes()) + ".x";
    }

    private void stubToken(String token) {
        wm.stubFor(post("/v1/Authorization/Authorize").withHeader("api_key", equalTo(KEY))
                .willReturn(okJson("{\"success\":true,\"bearer_token\":\"" + token + "\"}")));
    }

    private SyncTestApp app(String feedUrl) {
        return SyncTestApp.start(Map.of("source.url", feedUrl, "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", KEY));
    }

    private static String fullChange() {
        return "{\"id\":\"c-1\",\"version\":3,\"name\":\"Acme ApS\",\"email\":\"a@acme.dk\",\"phone\":\"+45 1\","
                + "\"notes\":\"vip\",\"website\":\"https://acme.dk\",\"address\":{\"line1\":\"Main 1\",\"line2\":\"\","
                + "\"city\":\"Aarhus\",\"postal_code\":\"8000\",\"country\":\"DK\"},\"vendor_ids\":{\"fatora\":42}}";
    }

    @Test
    void deliversTheMappedClientWithABearerToken() {
        String token = jwt("t1", System.currentTimeMillis() / 1000 + 3600);
        stubToken(token);
        wm.stubFor(put("/v1/clients/42").willReturn(okJson("{\"status\":\"SUCCESS\",\"client\":{}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange()))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "delivered")).isEqualTo(1);
            assertThat(stats.deadLettered()).isZero();
        }
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/Authorization/Authorize")));
        wm.verify(putRequestedFor(urlEqualTo("/v1/clients/42"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"name\":\"Acme ApS\",\"email\":\"a@acme.dk\",\"phone\":\"+45 1\","
                        + "\"address\":\"Main 1, Aarhus, 8000, DK\",\"notes\":\"vip\"}")));
    }

    @Test
    void a401GetsANewTokenOnceAndRetries() {
        wm.stubFor(post("/v1/Authorization/Authorize").inScenario("tok").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"success\":true,\"bearer_token\":\"old-token\"}")).willSetStateTo("second"));
        wm.stubFor(post("/v1/Authorization/Authorize").inScenario("tok").whenScenarioStateIs("second")
                .willReturn(okJson("{\"success\":true,\"bearer_token\":\"new-token\"}")));
        wm.stubFor(put("/v1/clients/42").withHeader("Authorization", equalTo("Bearer old-token"))
                .willReturn(status(401).withBody("{\"status\":\"ERROR\",\"error\":\"token expired\"}")));
        wm.stubFor(put("/v1/clients/42").withHeader("Authorization", equalTo("Bearer new-token"))
                .willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange()))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "delivered")).isEqualTo(1);
        }
        wm.verify(2, postRequestedFor(urlEqualTo("/v1/Authorization/Authorize")));
        wm.verify(2, putRequestedFor(urlEqualTo("/v1/clients/42")));
    }

    @Test
    void a400GoesStraightToTheDeadLetterTableWithOneCall() {
        stubToken("tok-400");
        wm.stubFor(put("/v1/clients/42").willReturn(status(400).withBody(
                "{\"status\":\"ERROR\",\"error\":{\"error_code\":17,\"description\":\"bad phone\"}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange()))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "dead-lettered")).isEqualTo(1);
            List<DeadLetter> dls = app.deadLetters();
            assertThat(dls).hasSize(1);
            DeadLetter d = dls.get(0);
            assertThat(d.vendor()).isEqualTo("fatora");
            assertThat(d.clientId()).isEqualTo("c-1");
            assertThat(d.version()).isEqualTo(3);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.httpStatus()).isEqualTo(400);
            assertThat(d.vendorCode()).isEqualTo("17");
            assertThat(d.message()).contains("bad phone");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.changeJson()).contains("\"Acme ApS\"");
        }
        wm.verify(1, putRequestedFor(urlEqualTo("/v1/clients/42")));
    }

    @Test
    void a503TwiceThenSuccessIsRedelivered() {
        stubToken("tok-503");
        wm.stubFor(put("/v1/clients/42").inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(status(503)).willSetStateTo("one"));
        wm.stubFor(put("/v1/clients/42").inScenario("s").whenScenarioStateIs("one")
                .willReturn(status(503)).willSetStateTo("two"));
        wm.stubFor(put("/v1/clients/42").inScenario("s").whenScenarioStateIs("two")
                .willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange()))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "delivered")).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(3, putRequestedFor(urlEqualTo("/v1/clients/42")));
    }

    @Test
    void a429WaitsForRetryAfter() {
        stubToken("tok-429");
        wm.stubFor(put("/v1/clients/42").inScenario("r").whenScenarioStateIs(STARTED)
                .willReturn(status(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        wm.stubFor(put("/v1/clients/42").inScenario("r").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange()))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "delivered")).isEqualTo(1);
        }
        var puts = wm.findAll(putRequestedFor(urlEqualTo("/v1/clients/42")));
        assertThat(puts).hasSize(2);
        long waited = puts.get(1).getLoggedDate().getTime() - puts.get(0).getLoggedDate().getTime();
        assertThat(waited).as("ms between the 429 and the retry").isGreaterThanOrEqualTo(950);
    }

    @Test
    void exhaustedTransientFailuresAreDeadLetteredAfterTheRetries() {
        stubToken("tok-dead");
        wm.stubFor(put("/v1/clients/42").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (SyncTestApp app = SyncTestApp.start(Map.of("source.url",
                FeedStub.pages(wm, List.of(List.of(fullChange()))), "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", KEY,
                "vendor.fatora.max-redeliveries", "2"))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.attempts()).isEqualTo(3);
        }
        wm.verify(3, putRequestedFor(urlEqualTo("/v1/clients/42")));
    }

    @Test
    void aChangeWithoutEmailIsDeadLetteredBeforeAnyCall() {
        stubToken("tok-noemail");
        String change = FeedStub.change("c-2", 1, "No Mail", null, "{\"fatora\":7}");
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change))))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("rejected");
            assertThat(d.message()).contains("email");
        }
        wm.verify(0, putRequestedFor(anyUrl()));
        wm.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void secondRunOverTheSameFeedMakesNoVendorCall() {
        stubToken(jwt("t2", System.currentTimeMillis() / 1000 + 3600));
        wm.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        String feed = "{\"changes\":[" + fullChange() + "," + FeedStub.change("c-3", 1, "Beta", "b@b.dk",
                "{\"fatora\":43}") + "],\"next_cursor\":\"p1\",\"has_more\":false}";
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson(feed))); // a feed that replays itself
        try (SyncTestApp app = app(FeedStub.url(wm))) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(2);
            RunStats second = app.runOnce();
            assertThat(second.stale()).as("the inbox holds both at that version: no vendor sees them").isEqualTo(2);
            assertThat(second.count("fatora", "delivered")).isZero();
        }
        wm.verify(2, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    @Test
    void theTokenIsKeptUntilItsExpiryLessTheMargin() {
        wm.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        List<String> page = List.of(FeedStub.change("t1", 1, "A", "a@x.dk", "{\"fatora\":1}"),
                FeedStub.change("t2", 1, "B", "b@x.dk", "{\"fatora\":2}"),
                FeedStub.change("t3", 1, "C", "c@x.dk", "{\"fatora\":3}"));
        // valid for an hour: one token serves every call
        stubToken(jwt("long", System.currentTimeMillis() / 1000 + 3600));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(page)))) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(3);
        }
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/Authorization/Authorize")));
        wm.resetRequests();
        // expires within the margin (60 s): never reused, a new one for each call
        stubToken(jwt("short", System.currentTimeMillis() / 1000 + 30));
        try (SyncTestApp app = SyncTestApp.start(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", KEY,
                "delivery.concurrency", "1"))) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(3);
        }
        wm.verify(3, postRequestedFor(urlEqualTo("/v1/Authorization/Authorize")));
    }
}
