package io.clientsync.connector.everlytic;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.VendorHealth;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Everlytic over REST through the real routes against a WireMock Everlytic: changed fields, deletes, answers. */
class EverlyticDeliveryTest {
    static final String USER = "sync-user";
    static final String KEY = "ev-api-key-555";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + KEY)
            .getBytes(StandardCharsets.UTF_8));
    private static final String CUSTOMER = "/api/2.0/customers/42";
    private static final String OK = "{\"links\":[{\"rel\":\"self\",\"href\":\"/customers/42\"}],\"item\":{\"id\":42}}";
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

    private SyncTestApp app(String feedUrl, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("source.url", feedUrl, "vendors.enabled", "everlytic",
                "vendor.everlytic.base-url", wm.baseUrl() + "/api/2.0", "vendor.everlytic.username", USER,
                "vendor.everlytic.api-key", KEY));
        s.putAll(extra);
        return SyncTestApp.start(s);
    }

    static String fullChange(long version) {
        return "{\"id\":\"c-1\",\"version\":" + version + ",\"name\":\"Acme ApS\",\"email\":\"a@acme.dk\","
                + "\"phone\":\"+45 1\",\"website\":\"https://acme.dk\",\"status\":\"inactive\","
                + "\"industry\":\"Hospitality, Travel & Tourism\",\"address\":{\"line1\":\"Main 1\",\"line2\":\"\","
                + "\"line3\":\"Gate B\",\"city\":\"Aarhus\",\"state\":\"Midtjylland\",\"postal_code\":\"8000\","
                + "\"country\":\"DK\"},\"vendor_fields\":{\"everlytic\":{\"email_package_id\":3,\"email_quota\":\"5000\","
                + "\"sms_quota\":0,\"transactions_package_id\":7,\"transactions_quota\":250}},"
                + "\"vendor_ids\":{\"everlytic\":42}}";
    }

    @Test
    void firstDeliverySendsEveryMappedFieldWithBasicAuth() {
        wm.stubFor(put(CUSTOMER).willReturn(okJson(OK)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("everlytic", "delivered")).isEqualTo(1);
            assertThat(stats.deadLettered()).isZero();
        }
        wm.verify(1, putRequestedFor(urlEqualTo(CUSTOMER))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"name\":\"Acme ApS\",\"email\":\"a@acme.dk\",\"status\":\"off\","
                        + "\"address\":\"Main 1, Gate B\",\"state_provinces\":\"Midtjylland\",\"postal_code\":\"8000\","
                        + "\"country\":\"DK\",\"telephone\":\"+45 1\",\"website_url\":\"https://acme.dk\","
                        + "\"industry\":\"Hospitality, Travel & Tourism\",\"unique_id\":\"c-1\","
                        + "\"email_package_id\":3,\"email_quota\":5000,\"sms_quota\":0,\"transactions_package_id\":7,"
                        + "\"transactions_quota\":250}", false, false)));
    }

    @Test
    void anUpdateSendsNameEmailAndOnlyTheChangedFields() {
        wm.stubFor(put(CUSTOMER).willReturn(okJson(OK)));
        String v2 = fullChange(2).replace("\"+45 1\"", "\"+45 2\"").replace("\"status\":\"inactive\"",
                "\"status\":\"suspended\"").replace("\"website\":\"https://acme.dk\",", "")
                .replace("\"sms_quota\":0", "\"sms_quota\":100");
        FeedStub.after(wm, "p1", List.of(v2), "p2"); // the next run's version (one run would send only v2)
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
        }
        var puts = wm.findAll(putRequestedFor(urlEqualTo(CUSTOMER)));
        assertThat(puts).hasSize(2);
        assertThat(puts.get(1).getBodyAsString()).isNotEqualTo(puts.get(0).getBodyAsString());
        wm.verify(1, putRequestedFor(urlEqualTo(CUSTOMER)).withRequestBody(equalToJson("{\"name\":\"Acme ApS\","
                + "\"email\":\"a@acme.dk\",\"status\":\"suspended\",\"telephone\":\"+45 2\",\"website_url\":\"\","
                + "\"sms_quota\":100}", false, false)));
    }

    @Test
    void anUnchangedNewVersionMakesNoCall() {
        wm.stubFor(put(CUSTOMER).willReturn(okJson(OK)));
        FeedStub.after(wm, "p1", List.of(fullChange(2)), "p2");
        // without content hashes, so that the inbox passes v2 on and Everlytic's mapping is compared (with them the
        // inbox keeps v2 from every vendor: SameContentTest)
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))),
                Map.of("sync.skip-same-content", "false"))) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
            RunStats stats = app.runOnce();
            assertThat(stats.count("everlytic", "unchanged")).isEqualTo(1);
        }
        wm.verify(1, putRequestedFor(urlEqualTo(CUSTOMER)));
    }

    @Test
    void aDeletedClientIsMarkedDeletedWithNameAndEmailFromTheLastDelivery() {
        wm.stubFor(put(CUSTOMER).willReturn(okJson(OK)));
        String deleted = "{\"id\":\"c-1\",\"version\":5,\"deleted\":true,\"vendor_ids\":{\"everlytic\":42}}";
        FeedStub.after(wm, "p1", List.of(deleted), "p2"); // the deletion in the next run
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
            RunStats stats = app.runOnce();
            assertThat(stats.count("everlytic", "delivered")).isEqualTo(1);
            assertThat(stats.count("everlytic", "deleted")).isZero();
        }
        wm.verify(2, putRequestedFor(urlEqualTo(CUSTOMER)));
        wm.verify(1, putRequestedFor(urlEqualTo(CUSTOMER)).withRequestBody(equalToJson("{\"name\":\"Acme ApS\","
                + "\"email\":\"a@acme.dk\",\"status\":\"deleted\",\"deleted\":\"yes\"}", false, false)));
    }

    @Test
    void refusedValuesFailBeforeAnyCallNamingTheField() {
        wm.stubFor(put(anyUrl()).willReturn(okJson(OK)));
        String badIndustry = "{\"id\":\"c-2\",\"version\":1,\"name\":\"A\",\"email\":\"a@a.dk\","
                + "\"industry\":\"Hospitality Travel and Tourism\",\"vendor_ids\":{\"everlytic\":2}}";
        String badQuota = "{\"id\":\"c-3\",\"version\":1,\"name\":\"B\",\"email\":\"b@b.dk\","
                + "\"vendor_fields\":{\"everlytic\":{\"email_quota\":12.5}},\"vendor_ids\":{\"everlytic\":3}}";
        String badPackage = "{\"id\":\"c-4\",\"version\":1,\"name\":\"C\",\"email\":\"c@c.dk\","
                + "\"vendor_fields\":{\"everlytic\":{\"transactions_package_id\":\"gold\"}},"
                + "\"vendor_ids\":{\"everlytic\":4}}";
        String commaIndustry = "{\"id\":\"c-5\",\"version\":1,\"name\":\"D\",\"email\":\"d@d.dk\","
                + "\"industry\":\"Industry, Trade & Manufacture\",\"vendor_ids\":{\"everlytic\":5}}";
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(badIndustry, badQuota, badPackage,
                commaIndustry))), Map.of())) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("everlytic", "dead-lettered")).isEqualTo(3);
            assertThat(stats.count("everlytic", "delivered")).isEqualTo(1);
            Map<String, DeadLetter> byClient = new HashMap<>();
            app.deadLetters().forEach(d -> byClient.put(d.clientId(), d));
            assertThat(byClient.values()).allSatisfy(d -> assertThat(d.reason()).isEqualTo("rejected"));
            assertThat(byClient.get("c-2").message()).contains("industry").contains("Hospitality Travel and Tourism");
            assertThat(byClient.get("c-3").message()).contains("email_quota").contains("12.5");
            assertThat(byClient.get("c-4").message()).contains("transactions_package_id").contains("gold");
        }
        wm.verify(0, putRequestedFor(urlPathMatching("/api/2.0/customers/[234]")));
        wm.verify(1, putRequestedFor(urlEqualTo("/api/2.0/customers/5"))
                .withRequestBody(matchingJsonPath("$.industry", equalTo("Industry, Trade & Manufacture"))));
    }

    @Test
    void aClientWithoutEmailOrADeletionNeverDeliveredWithoutNameIsRefusedBeforeAnyCall() {
        String noEmail = FeedStub.change("c-8", 1, "No Mail", null, "{\"everlytic\":8}");
        String deletedUnknown = "{\"id\":\"c-9\",\"version\":1,\"deleted\":true,\"vendor_ids\":{\"everlytic\":9}}";
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(noEmail, deletedUnknown))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "dead-lettered")).isEqualTo(2);
            Map<String, DeadLetter> byClient = new HashMap<>();
            app.deadLetters().forEach(d -> byClient.put(d.clientId(), d));
            assertThat(byClient.get("c-8").reason()).isEqualTo("rejected");
            assertThat(byClient.get("c-8").message()).contains("email");
            assertThat(byClient.get("c-9").message()).contains("name");
        }
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 422})
    void clientErrorsArePermanentAfterOneCall(int status) {
        wm.stubFor(put(CUSTOMER).willReturn(aResponse().withStatus(status).withHeader("Content-Type",
                "application/json").withBody("{\"error\":{\"message\":\"Refused " + status + " here\"}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.httpStatus()).isEqualTo(status);
            assertThat(d.message()).contains("Refused " + status + " here");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(app.bean("vendorHealth", VendorHealth.class).problem("everlytic")).isEmpty();
        }
        wm.verify(1, putRequestedFor(urlEqualTo(CUSTOMER)));
    }

    @Test
    void a401IsPermanentAndTurnsEverlyticHealthDown() {
        wm.stubFor(put(CUSTOMER).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Invalid credentials\"}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("auth");
            assertThat(d.httpStatus()).isEqualTo(401);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.message()).contains("Invalid credentials").doesNotContain(KEY);
            assertThat(app.bean("vendorHealth", VendorHealth.class).problem("everlytic")).isPresent();
        }
        wm.verify(1, putRequestedFor(urlEqualTo(CUSTOMER)));
    }

    @Test
    void a429And5xxAreRedeliveredThenSucceed() {
        wm.stubFor(put(CUSTOMER).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(status(429)).willSetStateTo("a"));
        wm.stubFor(put(CUSTOMER).inScenario("s").whenScenarioStateIs("a")
                .willReturn(status(500).withBody("{\"error\":{\"message\":\"oops\"}}")).willSetStateTo("b"));
        wm.stubFor(put(CUSTOMER).inScenario("s").whenScenarioStateIs("b")
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)).willSetStateTo("c"));
        wm.stubFor(put(CUSTOMER).inScenario("s").whenScenarioStateIs("c").willReturn(okJson(OK)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(4, putRequestedFor(urlEqualTo(CUSTOMER)));
    }

    @Test
    void persistent503IsDeadLetteredAsExhaustedAfterTheRetries() {
        wm.stubFor(put(CUSTOMER).willReturn(status(503)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))),
                Map.of("vendor.everlytic.max-redeliveries", "2"))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.attempts()).isEqualTo(3);
        }
        wm.verify(3, putRequestedFor(urlEqualTo(CUSTOMER)));
    }

    @Test
    void badSettingsStopStartUpNamingTheSetting() {
        String feed = FeedStub.url(wm);
        assertThatThrownBy(() -> app(feed, Map.of("vendor.everlytic.transport", "soap")))
                .hasStackTraceContaining("vendor.everlytic.transport");
        assertThatThrownBy(() -> app(feed, Map.of("vendor.everlytic.api-key", "")))
                .hasStackTraceContaining("vendor.everlytic.api-key");
        assertThatThrownBy(() -> app(feed, Map.of("vendor.everlytic.base-url", "http://everlytic.example.com/api")))
                .hasStackTraceContaining("vendor.everlytic.base-url");
    }
}
