package io.clientsync.connector.paymo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** Paymo legacy (paymo.clients.update) through the real routes against a WireMock Paymo. */
class PaymoDeliveryTest {
    private static final String KEY = "paymo-test-key-123";
    private static final String USER = "sync@example.com";
    private static final String PASSWORD = "paymo-test-password";
    private static final String UPDATE = "/service/paymo.clients.update";
    private static final String LOGIN = "/service/paymo.auth.login";
    private static final String FORM = "application/x-www-form-urlencoded";
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

    private void stubLogin(String token) {
        wm.stubFor(post(LOGIN).withFormParam("api_key", equalTo(KEY)).withFormParam("username", equalTo(USER))
                .withFormParam("password", equalTo(PASSWORD)).withFormParam("format", equalTo("json"))
                .willReturn(okJson("{\"status\":\"ok\",\"token\":{\"_content\":\"" + token + "\"},"
                        + "\"user\":{\"id\":\"1\"}}")));
    }

    private void stubUpdate(String body) {
        wm.stubFor(post(UPDATE).willReturn(okJson(body)));
    }

    private static String error(Object code, String message) {
        return "{\"status\":\"error\",\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}";
    }

    private SyncTestApp app(String feedUrl, String... more) {
        Map<String, String> s = new HashMap<>(Map.of("source.url", feedUrl, "vendors.enabled", "paymo",
                "vendor.paymo.base-url", wm.baseUrl() + "/service", "vendor.paymo.api-key", KEY,
                "vendor.paymo.username", USER, "vendor.paymo.password", PASSWORD));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return SyncTestApp.start(s);
    }

    /** The main contact is the third (is_main); the first is deleted, the second not main. */
    static String change(long version, String phone, String website) {
        return "{\"id\":\"c-1\",\"version\":" + version + ",\"name\":\"Acme ApS\",\"email\":\"a@acme.dk\","
                + "\"phone\":\"" + phone + "\"" + (website == null ? "" : ",\"website\":\"" + website + "\"")
                + ",\"fax\":\"\",\"address\":{\"line1\":\"Main 1\",\"line2\":\"Floor 2\",\"city\":\"Aarhus\","
                + "\"postal_code\":\"8000\",\"country\":\"DK\"},"
                + "\"contacts\":[{\"id\":\"k0\",\"name\":\"Gone\",\"deleted\":true,\"is_main\":true},"
                + "{\"id\":\"k1\",\"name\":\"Bo\",\"email\":\"bo@acme.dk\"},"
                + "{\"id\":\"k2\",\"name\":\"Eva Holm\",\"email\":\"eva@acme.dk\",\"mobile\":\"+45 2\","
                + "\"is_main\":true}],"
                + "\"vendor_ids\":{\"paymo\":77}}";
    }

    @Test
    void firstDeliverySendsEveryNonEmptyFieldAsAFormWithTheToken() {
        stubLogin("tok-1");
        stubUpdate("{\"status\":\"ok\"}");
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", "https://acme.dk")))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo", "delivered")).isEqualTo(1);
            assertThat(stats.deadLettered()).isZero();
        }
        wm.verify(1, postRequestedFor(urlEqualTo(LOGIN)).withHeader("Content-Type", containing(FORM)));
        wm.verify(1, postRequestedFor(urlEqualTo(UPDATE)));
        wm.verify(postRequestedFor(urlEqualTo(UPDATE))
                .withHeader("Content-Type", containing(FORM))
                .withRequestBody(equalTo("format=json&api_key=" + KEY + "&auth_token=tok-1&client_id=77"
                        + "&name=Acme+ApS&address=Main+1%2C+Floor+2&city=Aarhus&postal_code=8000&country=DK"
                        + "&phone=%2B45+1&email=a%40acme.dk&website=https%3A%2F%2Facme.dk"
                        + "&contact_name=Eva+Holm&contact_email=eva%40acme.dk&contact_mobile=%2B45+2")));
    }

    @Test
    void anUpdateSendsOnlyTheTwoChangedFieldsAndAnEmptiedOneAsEmpty() {
        stubLogin("tok-2");
        stubUpdate("{\"status\":\"ok\"}");
        String feed = FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", "https://acme.dk"))));
        FeedStub.after(wm, "p1", List.of(change(2, "+45 99", null)), "p2"); // v2 in the next run
        try (SyncTestApp app = app(feed)) {
            assertThat(app.runOnce().count("paymo", "delivered")).isEqualTo(1);
            assertThat(app.runOnce().count("paymo", "delivered")).isEqualTo(1);
        }
        var updates = wm.findAll(postRequestedFor(urlEqualTo(UPDATE)));
        assertThat(updates).hasSize(2);
        assertThat(updates.get(1).getBodyAsString()).isEqualTo("format=json&api_key=" + KEY
                + "&auth_token=tok-2&client_id=77&phone=%2B45+99&website=");
        assertThat(updates.get(1).getHeader("Content-Type")).startsWith(FORM);
        wm.verify(1, postRequestedFor(urlEqualTo(LOGIN)));
    }

    @Test
    void anUnchangedMappingMakesNoCall() {
        stubLogin("tok-3");
        stubUpdate("{\"status\":\"ok\"}");
        String feed = FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null))));
        FeedStub.after(wm, "p1", List.of(change(2, "+45 1", null)), "p2");
        // without content hashes, so that the inbox passes v2 on and Paymo's mapping is compared (with them the
        // inbox keeps v2 from every vendor: SameContentTest)
        try (SyncTestApp app = app(feed, "sync.skip-same-content", "false")) {
            assertThat(app.runOnce().count("paymo", "delivered")).isEqualTo(1);
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo", "unchanged")).isEqualTo(1);
        }
        wm.verify(1, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"101", "102", "103", "105", "108", "206", "208", "\"103\""})
    void permanentCodesAreDeadLetteredAfterOneCall(String code) {
        stubLogin("tok-p");
        stubUpdate(error(code, "refused here"));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.vendor()).isEqualTo("paymo");
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.vendorCode()).isEqualTo(code.replace("\"", ""));
            assertThat(d.httpStatus()).isEqualTo(200);
            assertThat(d.message()).contains("refused here");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.message()).doesNotContain(KEY).doesNotContain("tok-p");
        }
        wm.verify(1, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"106", "107"})
    void transientCodesAreRetriedUntilTheyPass(String code) {
        stubLogin("tok-t");
        wm.stubFor(post(UPDATE).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(okJson(error(code, "busy"))).willSetStateTo("ok"));
        wm.stubFor(post(UPDATE).inScenario("t").whenScenarioStateIs("ok").willReturn(okJson("{\"status\":\"ok\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo", "delivered")).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
        wm.verify(1, postRequestedFor(urlEqualTo(LOGIN)));
    }

    @Test
    void aTransientCodeThatNeverPassesIsDeadLetteredAfterTheRetries() {
        stubLogin("tok-x");
        stubUpdate(error(106, "later"));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))),
                "vendor.paymo.max-redeliveries", "2")) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.vendorCode()).isEqualTo("106");
            assertThat(d.attempts()).isEqualTo(3);
        }
        wm.verify(3, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void anHttpStatusOtherThan200IsTransient() {
        stubLogin("tok-5");
        wm.stubFor(post(UPDATE).inScenario("h").whenScenarioStateIs(STARTED)
                .willReturn(status(502)).willSetStateTo("one"));
        wm.stubFor(post(UPDATE).inScenario("h").whenScenarioStateIs("one")
                .willReturn(status(404).withBody("not here")).willSetStateTo("two"));
        wm.stubFor(post(UPDATE).inScenario("h").whenScenarioStateIs("two").willReturn(okJson("{\"status\":\"ok\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))))) {
            assertThat(app.runOnce().count("paymo", "delivered")).isEqualTo(1);
        }
        wm.verify(3, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void noAnswerIsTransient() {
        stubLogin("tok-6");
        stubUpdate("{}");
        wm.stubFor(post(UPDATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))),
                "vendor.paymo.max-redeliveries", "1")) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.attempts()).isEqualTo(2);
        }
        wm.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void error104LogsInAgainOnceAndRetries() {
        wm.stubFor(post(LOGIN).inScenario("tok").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"status\":\"ok\",\"token\":{\"_content\":\"old-token\"}}")).willSetStateTo("2"));
        wm.stubFor(post(LOGIN).inScenario("tok").whenScenarioStateIs("2")
                .willReturn(okJson("{\"status\":\"ok\",\"token\":{\"_content\":\"new-token\"}}")));
        wm.stubFor(post(UPDATE).withFormParam("auth_token", equalTo("old-token"))
                .willReturn(okJson(error(104, "invalid auth token"))));
        wm.stubFor(post(UPDATE).withFormParam("auth_token", equalTo("new-token"))
                .willReturn(okJson("{\"status\":\"ok\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo", "delivered")).isEqualTo(1);
        }
        wm.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
        wm.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void a104AfterANewTokenIsDeadLetteredAsAuth() {
        stubLogin("tok-bad");
        stubUpdate(error("\"104\"", "invalid auth token"));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("auth");
            assertThat(d.vendorCode()).isEqualTo("104");
        }
        wm.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
        wm.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void aRefusedLoginIsDeadLetteredAsAuthWithoutAnUpdate() {
        wm.stubFor(post(LOGIN).willReturn(okJson(error(102, "Login failed"))));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change(1, "+45 1", null)))))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("auth");
            assertThat(d.vendorCode()).isEqualTo("102");
            assertThat(d.message()).contains("Login failed").doesNotContain(PASSWORD);
        }
        wm.verify(2, postRequestedFor(urlEqualTo(LOGIN))); // the first try and the one auth retry
        wm.verify(0, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void aBlankNameIsDeadLetteredBeforeAnyCall() {
        stubLogin("tok-n");
        String blank = "{\"id\":\"c-9\",\"version\":1,\"name\":\"  \",\"vendor_ids\":{\"paymo\":9}}";
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(blank))))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            // The feed validator already refuses a blank name; PaymoLegacyMapperTest covers the mapper's own check.
            assertThat(d.reason()).isIn("rejected", "invalid-change");
            assertThat(d.clientId()).isEqualTo("c-9");
        }
        wm.verify(0, postRequestedFor(urlEqualTo(UPDATE)));
        wm.verify(0, postRequestedFor(urlEqualTo(LOGIN)));
    }

    @Test
    void aDeletedClientIsSkippedAsDeleted() {
        String deleted = "{\"id\":\"c-8\",\"version\":1,\"deleted\":true,\"vendor_ids\":{\"paymo\":8}}";
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(deleted))))) {
            assertThat(app.runOnce().count("paymo", "deleted")).isEqualTo(1);
        }
        wm.verify(0, postRequestedFor(anyUrl()));
    }
}
