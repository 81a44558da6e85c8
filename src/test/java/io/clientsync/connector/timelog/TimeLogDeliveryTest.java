package io.clientsync.connector.timelog;

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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TimeLog through the real routes against a WireMock TimeLog: the full model, the lookups, every answer class. */
class TimeLogDeliveryTest {
    private static final String TOKEN = "tl-personal-token-987";
    private static final String ROOT = "/acme/api/v1";
    private static final String UPDATE = ROOT + "/customer/update";
    private static final String COUNTRIES = ROOT + "/country/get-all";
    private static final String CURRENCIES = ROOT + "/currency/active";
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
        Map<String, String> s = new HashMap<>(Map.of("source.url", feedUrl, "vendors.enabled", "timelog",
                "vendor.timelog.base-url", wm.baseUrl() + ROOT, "vendor.timelog.token", TOKEN,
                "vendor.timelog.industry-ids", "Hospitality, Travel & Tourism=4;Automotive=9",
                "vendor.timelog.status-ids", "active=1;inactive=2;suspended=3"));
        s.putAll(extra);
        return SyncTestApp.start(s);
    }

    /** The country list in the Entities shape, the currency list as a bare array: both shapes are read. */
    private void stubLookups() {
        wm.stubFor(get(urlPathEqualTo(COUNTRIES)).withQueryParam("$page", equalTo("1"))
                .withQueryParam("$pagesize", equalTo("500"))
                .willReturn(okJson("{\"Entities\":[{\"Properties\":{\"CountryID\":45,\"ISO\":\"DK\",\"Name\":"
                        + "\"Denmark\"}},{\"Properties\":{\"CountryID\":46,\"ISO\":\"SE\",\"Name\":\"Sweden\"}}]}")));
        wm.stubFor(get(urlPathEqualTo(CURRENCIES)).withQueryParam("$page", equalTo("1"))
                .withQueryParam("$pagesize", equalTo("500"))
                .willReturn(okJson("[{\"CurrencyID\":3,\"CurrencyABB\":\"DKK\"},{\"CurrencyID\":5,"
                        + "\"CurrencyABB\":\"EUR\"}]")));
    }

    private static String fullChange(long version) {
        return "{\"id\":\"c-1\",\"version\":" + version + ",\"name\":\"Acme ApS\",\"email\":\"a@acme.dk\","
                + "\"phone\":\"+45 1\",\"website\":\"https://acme.dk\",\"nickname\":\"Acme\",\"customer_no\":\"C-100\","
                + "\"vat_no\":\"DK123\",\"status\":\"inactive\",\"industry\":\"Hospitality, Travel & Tourism\","
                + "\"currency\":\"DKK\",\"customer_since\":\"2019-04-01\","
                + "\"address\":{\"line1\":\"Main 1\",\"line2\":\"Floor 2\",\"city\":\"Aarhus\",\"postal_code\":\"8000\","
                + "\"country\":\"DK\"},"
                + "\"billing_address\":{\"name\":\"Acme Billing\",\"line1\":\"Box 7\",\"city\":\"Malmo\","
                + "\"country\":\"SE\"},"
                + "\"vendor_fields\":{\"timelog\":{\"PrimaryKAMID\":12,\"CreditorID\":\"77\"}},"
                + "\"vendor_ids\":{\"timelog\":42}}";
    }

    private static final String FULL_MODEL = "{\"CustomerID\":42,\"Name\":\"Acme ApS\",\"NickName\":\"Acme\","
            + "\"CustomerNo\":\"C-100\",\"Email\":\"a@acme.dk\",\"Phone\":\"+45 1\",\"Fax\":null,"
            + "\"Website\":\"https://acme.dk\",\"Address\":\"Main 1\",\"Address2\":\"Floor 2\",\"Address3\":null,"
            + "\"ZipCode\":\"8000\",\"City\":\"Aarhus\",\"State\":null,\"CountryID\":45,\"CurrencyID\":3,"
            + "\"VatNo\":\"DK123\",\"OrganizationNo\":null,\"CustomerSince\":\"2019-04-01T00:00:00\","
            + "\"CustomerStatusID\":2,\"IndustryID\":4,\"UseInvoicingAddress\":true,\"InvoicingName\":\"Acme Billing\","
            + "\"InvoicingAddress\":\"Box 7\",\"InvoicingAddress2\":null,\"InvoicingAddress3\":null,"
            + "\"InvoicingAddressZipCode\":null,\"InvoicingAddressCity\":\"Malmo\",\"InvoicingAddressState\":null,"
            + "\"InvoicingAddressCountryID\":46,\"PrimaryKAMID\":12,\"SecondaryKAMID\":null,\"CreditorID\":\"77\"}";

    @Test
    void firstDeliverySendsTheFullModelWithLookedUpIds() throws Exception {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{\"CustomerID\":42}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("timelog", "delivered")).isEqualTo(1);
            assertThat(stats.deadLettered()).isZero();
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson(FULL_MODEL, false, false)));
        var body = io.clientsync.support.Json.MAPPER.readTree(
                wm.findAll(putRequestedFor(urlEqualTo(UPDATE))).get(0).getBodyAsString());
        assertThat(body.size()).as("every field of the model").isEqualTo(33);
        assertThat(body.has("Fax") && body.get("Fax").isNull()).as("Fax present as null").isTrue();
        wm.verify(1, getRequestedFor(urlPathEqualTo(COUNTRIES)).withHeader("Authorization",
                equalTo("Bearer " + TOKEN)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(CURRENCIES)));
    }

    /** Issue 14: a creditor id that is not a number was refused before; TimeLog's model types it as a string. */
    @Test
    void aCreditorIdLikeCr1001IsDeliveredAsThatStringInTheFullModel() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{\"CustomerID\":42}}")));
        String change = fullChange(1).replace("\"CreditorID\":\"77\"", "\"CreditorID\":\"CR-1001\"");
        String model = FULL_MODEL.replace("\"CreditorID\":\"77\"", "\"CreditorID\":\"CR-1001\"");
        assertThat(change).contains("\"CreditorID\":\"CR-1001\"");
        assertThat(model).contains("\"CreditorID\":\"CR-1001\"");
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(change))), Map.of())) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("timelog", "delivered")).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(equalToJson(model, false, false)));
    }

    @Test
    void aSparseClientSendsEveryFieldWithNulls() {
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        String sparse = FeedStub.change("c-2", 1, "Bare Ltd", null, "{\"timelog\":7}");
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(sparse))), Map.of())) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(equalToJson("{\"CustomerID\":7,"
                + "\"Name\":\"Bare Ltd\",\"NickName\":null,\"CustomerNo\":null,\"Email\":null,\"Phone\":null,"
                + "\"Fax\":null,\"Website\":null,\"Address\":null,\"Address2\":null,\"Address3\":null,\"ZipCode\":null,"
                + "\"City\":null,\"State\":null,\"CountryID\":null,\"CurrencyID\":null,\"VatNo\":null,"
                + "\"OrganizationNo\":null,\"CustomerSince\":null,\"CustomerStatusID\":null,\"IndustryID\":null,"
                + "\"UseInvoicingAddress\":false,\"InvoicingName\":null,\"InvoicingAddress\":null,"
                + "\"InvoicingAddress2\":null,\"InvoicingAddress3\":null,\"InvoicingAddressZipCode\":null,"
                + "\"InvoicingAddressCity\":null,\"InvoicingAddressState\":null,\"InvoicingAddressCountryID\":null,"
                + "\"PrimaryKAMID\":null,\"SecondaryKAMID\":null,\"CreditorID\":null}", false, false)));
        // no code to translate: no lookup call at all
        wm.verify(0, getRequestedFor(urlPathMatching(ROOT + "/.*")));
    }

    @Test
    void anUpdateSendsTheWholeModelAgainWithTheEmptiedFieldsAsNull() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        String v2 = "{\"id\":\"c-1\",\"version\":2,\"name\":\"Acme A/S\",\"email\":\"a@acme.dk\",\"currency\":\"EUR\","
                + "\"address\":{\"line1\":\"Main 1\",\"country\":\"SE\"},\"vendor_ids\":{\"timelog\":42}}";
        FeedStub.after(wm, "p1", List.of(v2), "p2");
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
        }
        var puts = wm.findAll(putRequestedFor(urlEqualTo(UPDATE)));
        assertThat(puts).hasSize(2);
        assertThat(puts.get(0).getBodyAsString()).isNotEqualTo(puts.get(1).getBodyAsString());
        wm.verify(putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(equalToJson("{\"CustomerID\":42,"
                + "\"Name\":\"Acme A/S\",\"NickName\":null,\"CustomerNo\":null,\"Email\":\"a@acme.dk\",\"Phone\":null,"
                + "\"Fax\":null,\"Website\":null,\"Address\":\"Main 1\",\"Address2\":null,\"Address3\":null,"
                + "\"ZipCode\":null,\"City\":null,\"State\":null,\"CountryID\":46,\"CurrencyID\":5,\"VatNo\":null,"
                + "\"OrganizationNo\":null,\"CustomerSince\":null,\"CustomerStatusID\":null,\"IndustryID\":null,"
                + "\"UseInvoicingAddress\":false,\"InvoicingName\":null,\"InvoicingAddress\":null,"
                + "\"InvoicingAddress2\":null,\"InvoicingAddress3\":null,\"InvoicingAddressZipCode\":null,"
                + "\"InvoicingAddressCity\":null,\"InvoicingAddressState\":null,\"InvoicingAddressCountryID\":null,"
                + "\"PrimaryKAMID\":null,\"SecondaryKAMID\":null,\"CreditorID\":null}", false, false)));
        // two pages, many codes: each list was read once
        wm.verify(1, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(CURRENCIES)));
    }

    @Test
    void lookupsAreCachedAcrossManyParallelDeliveriesAndRuns() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        List<String> page = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            page.add("{\"id\":\"c-" + i + "\",\"version\":1,\"name\":\"N" + i + "\",\"currency\":\"EUR\","
                    + "\"address\":{\"country\":\"" + (i % 2 == 0 ? "DK" : "SE") + "\"},"
                    + "\"vendor_ids\":{\"timelog\":" + (100 + i) + "}}");
        }
        String feed = "{\"changes\":[" + String.join(",", page) + "],\"next_cursor\":\"p1\",\"has_more\":false}";
        wm.stubFor(get(urlPathEqualTo(FeedStub.PATH)).willReturn(okJson(feed)));
        try (SyncTestApp app = app(FeedStub.url(wm), Map.of("vendor.timelog.concurrency", "6"))) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(12);
            assertThat(app.runOnce().stale()).as("the same feed again: the inbox has it").isEqualTo(12);
            TimeLogLookups lookups = app.bean("timelogLookups", TimeLogLookups.class);
            assertThat(lookups.calls(TimeLogLookups.Kind.COUNTRY)).isEqualTo(1);
            assertThat(lookups.calls(TimeLogLookups.Kind.CURRENCY)).isEqualTo(1);
        }
        wm.verify(12, putRequestedFor(urlEqualTo(UPDATE)));
        wm.verify(putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(matchingJsonPath("$.CustomerID",
                equalTo("102"))).withRequestBody(matchingJsonPath("$.CountryID", equalTo("45"))));
        wm.verify(putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(matchingJsonPath("$.CustomerID",
                equalTo("101"))).withRequestBody(matchingJsonPath("$.CountryID", equalTo("46"))));
        wm.verify(1, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(CURRENCIES)));
    }

    @Test
    void withoutTtlTheListsAreReadOncePerRunNotOncePerDelivery() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        List<String> first = new java.util.ArrayList<>();
        List<String> second = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String c = "{\"id\":\"c-" + i + "\",\"version\":%d,\"name\":\"N" + i + "\",\"currency\":\"DKK\","
                    + "\"address\":{\"country\":\"DK\"},\"vendor_ids\":{\"timelog\":" + (200 + i) + "}}";
            first.add(String.format(c, 1));
            second.add(String.format(c.replace("DKK", "EUR"), 2));
        }
        wm.stubFor(get(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", absent()).willReturn(okJson(
                "{\"changes\":[" + String.join(",", first) + "],\"next_cursor\":\"p1\",\"has_more\":false}")));
        wm.stubFor(get(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", equalTo("p1")).willReturn(okJson(
                "{\"changes\":[" + String.join(",", second) + "],\"next_cursor\":\"p2\",\"has_more\":false}")));
        try (SyncTestApp app = app(FeedStub.url(wm), Map.of("vendor.timelog.lookup-ttl-ms", "0"))) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(6);
            wm.verify(1, getRequestedFor(urlPathEqualTo(COUNTRIES)));
            wm.verify(1, getRequestedFor(urlPathEqualTo(CURRENCIES)));
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(6);
        }
        wm.verify(2, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(2, getRequestedFor(urlPathEqualTo(CURRENCIES)));
        wm.verify(6, putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(matchingJsonPath("$.CurrencyID",
                equalTo("5"))));
    }

    @Test
    void aFailedLookupIsTransientAndCountsAsACall() {
        stubLookups();
        wm.stubFor(get(urlPathEqualTo(COUNTRIES)).inScenario("c").whenScenarioStateIs(STARTED)
                .willReturn(status(503)).willSetStateTo("up"));
        wm.stubFor(get(urlPathEqualTo(COUNTRIES)).inScenario("c").whenScenarioStateIs("up")
                .willReturn(okJson("[{\"CountryID\":45,\"ISO\":\"DK\"},{\"CountryID\":46,\"ISO\":\"SE\"}]")));
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
        }
        wm.verify(2, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)).withRequestBody(matchingJsonPath("$.CountryID",
                equalTo("45"))));
    }

    @Test
    void aLookupThatKeepsFailingIsDeadLetteredWithoutAnUpdateCall() {
        wm.stubFor(get(urlPathEqualTo(COUNTRIES)).willReturn(status(502)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))),
                Map.of("vendor.timelog.max-redeliveries", "2"))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.message()).contains("country list");
            assertThat(d.attempts()).isEqualTo(3);
        }
        wm.verify(3, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void staticMapsWinOverTheLookupLists() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of(
                "vendor.timelog.country-ids", "DK=1;SE=2", "vendor.timelog.currency-ids", "DKK=8"))) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE))
                .withRequestBody(matchingJsonPath("$.CountryID", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.InvoicingAddressCountryID", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.CurrencyID", equalTo("8"))));
        wm.verify(0, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(0, getRequestedFor(urlPathEqualTo(CURRENCIES)));
    }

    @Test
    void aCodeTheStaticMapLacksIsLookedUpWhileTheOthersComeFromTheMap() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of(
                "vendor.timelog.country-ids", "DK=1", "vendor.timelog.currency-ids", "DKK=8"))) {
            assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE))
                .withRequestBody(matchingJsonPath("$.CountryID", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.InvoicingAddressCountryID", equalTo("46"))));
        wm.verify(1, getRequestedFor(urlPathEqualTo(COUNTRIES)));
        wm.verify(0, getRequestedFor(urlPathEqualTo(CURRENCIES)));
    }

    @Test
    void unknownCodesAreRefusedBeforeAnyUpdateCallNamingTheCode() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(okJson("{\"Properties\":{}}")));
        String badIndustry = "{\"id\":\"c-3\",\"version\":1,\"name\":\"Odd\",\"industry\":\"Underwater Basketry\","
                + "\"vendor_ids\":{\"timelog\":3}}";
        String badCountry = "{\"id\":\"c-4\",\"version\":1,\"name\":\"Far\",\"address\":{\"country\":\"ZZ\"},"
                + "\"vendor_ids\":{\"timelog\":4}}";
        String badCurrency = "{\"id\":\"c-5\",\"version\":1,\"name\":\"Coin\",\"currency\":\"XBT\","
                + "\"vendor_ids\":{\"timelog\":5}}";
        String badStatus = "{\"id\":\"c-6\",\"version\":1,\"name\":\"Sus\",\"status\":\"suspended\","
                + "\"vendor_ids\":{\"timelog\":6}}";
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(badIndustry, badCountry, badCurrency,
                badStatus))), Map.of("vendor.timelog.status-ids", "active=1;inactive=2"))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("timelog", "dead-lettered")).isEqualTo(4);
            Map<String, DeadLetter> byClient = new HashMap<>();
            app.deadLetters().forEach(d -> byClient.put(d.clientId(), d));
            assertThat(byClient.values()).allSatisfy(d -> {
                assertThat(d.reason()).isEqualTo("rejected");
                assertThat(d.httpStatus()).isNull();
            });
            assertThat(byClient.get("c-3").message()).contains("'Underwater Basketry'").contains("industry");
            assertThat(byClient.get("c-4").message()).contains("'ZZ'").contains("country");
            assertThat(byClient.get("c-5").message()).contains("'XBT'").contains("currency");
            assertThat(byClient.get("c-6").message()).contains("'suspended'").contains("status");
            assertThat(byClient.get("c-3").attempts()).isEqualTo(1);
        }
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void a500WithCode100IsAPermanentValidationRefusalAfterOneCall() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(status(500).withHeader("Content-Type", "application/json")
                .withBody("{\"Code\":100,\"Message\":\"Validation failed\",\"Details\":[\"Email is not valid\"]}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("timelog", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.httpStatus()).isEqualTo(500);
            assertThat(d.vendorCode()).isEqualTo("100");
            assertThat(d.message()).contains("Validation failed").contains("Email is not valid");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.message()).doesNotContain(TOKEN);
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void a500WithCode102IsAPermanentBusinessRuleRefusal() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(status(500).withBody(
                "{\"Code\":102,\"Message\":\"Customer number already in use\",\"Details\":\"C-100\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.vendorCode()).isEqualTo("102");
            assertThat(d.message()).contains("Customer number already in use");
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void a500WithoutCodeIsTransientAndRetriedUntilExhausted() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(status(500).withBody("<html>Internal Server Error</html>")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))),
                Map.of("vendor.timelog.max-redeliveries", "2"))) {
            assertThat(app.runOnce().count("timelog", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.httpStatus()).isEqualTo(500);
            assertThat(d.attempts()).isEqualTo(3);
        }
        wm.verify(3, putRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void gatewayErrorsAnd429AreRedeliveredThenSucceed() {
        stubLookups();
        wm.stubFor(put(UPDATE).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(status(502)).willSetStateTo("a"));
        wm.stubFor(put(UPDATE).inScenario("s").whenScenarioStateIs("a")
                .willReturn(status(503)).willSetStateTo("b"));
        wm.stubFor(put(UPDATE).inScenario("s").whenScenarioStateIs("b")
                .willReturn(status(504)).willSetStateTo("c"));
        wm.stubFor(put(UPDATE).inScenario("s").whenScenarioStateIs("c")
                .willReturn(status(429)).willSetStateTo("d"));
        wm.stubFor(put(UPDATE).inScenario("s").whenScenarioStateIs("d")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("e"));
        wm.stubFor(put(UPDATE).inScenario("s").whenScenarioStateIs("e")
                .willReturn(okJson("{\"Properties\":{\"CustomerID\":42}}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("timelog", "delivered")).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(6, putRequestedFor(urlEqualTo(UPDATE)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(COUNTRIES)));
    }

    @Test
    void a400IsPermanentAfterOneCall() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(status(400).withBody("{\"Message\":\"The request is invalid.\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.httpStatus()).isEqualTo(400);
            assertThat(d.message()).contains("The request is invalid.");
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void a401IsPermanentAndTurnsTimeLogHealthDown() {
        stubLookups();
        wm.stubFor(put(UPDATE).willReturn(status(401).withBody("{\"Message\":\"Token expired\"}")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(fullChange(1)))), Map.of())) {
            assertThat(app.runOnce().count("timelog", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("auth");
            assertThat(d.httpStatus()).isEqualTo(401);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.message()).doesNotContain(TOKEN);
            assertThat(app.bean("vendorHealth", VendorHealth.class).problem("timelog")).get().asString()
                    .startsWith("auth");
        }
        wm.verify(1, putRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void aDeletedClientIsSkippedWithoutAnyCall() {
        String deleted = "{\"id\":\"c-9\",\"version\":2,\"deleted\":true,\"vendor_ids\":{\"timelog\":9}}";
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(deleted))), Map.of())) {
            assertThat(app.runOnce().count("timelog", "deleted")).isEqualTo(1);
        }
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void badSettingsStopStartUpNamingTheSetting() {
        String feed = FeedStub.url(wm);
        assertThatThrownBy(() -> app(feed, Map.of("vendor.timelog.base-url", TimeLogModule.PLACEHOLDER)))
                .hasStackTraceContaining("vendor.timelog.base-url").hasStackTraceContaining("placeholder");
        assertThatThrownBy(() -> app(feed, Map.of("vendor.timelog.token", "")))
                .hasStackTraceContaining("vendor.timelog.token");
        assertThatThrownBy(() -> app(feed, Map.of("vendor.timelog.industry-ids", "Automotive")))
                .hasStackTraceContaining("vendor.timelog.industry-ids");
        assertThatThrownBy(() -> app(feed, Map.of("vendor.timelog.country-ids", "DK=one")))
                .hasStackTraceContaining("vendor.timelog.country-ids");
    }
}
