package io.clientsync.connector.paymocontacts;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.clientsync.delivery.RunStats;
import io.clientsync.pipeline.SyncRunner;
import io.clientsync.state.VendorPositions;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.Ledger;
import io.clientsync.state.XrefStore;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

/** Paymo v3 client contacts through the real routes against a WireMock Paymo. */
class PaymoContactsDeliveryTest {
    static final String KEY = "paymo-contacts-key-123";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((KEY + ":X").getBytes(StandardCharsets.UTF_8));
    static final String CONTACTS = "/api/clientcontacts";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    SyncTestApp app(String feedUrl, String... more) {
        Map<String, String> s = new HashMap<>(Map.of("source.url", feedUrl, "vendors.enabled", "paymo-contacts",
                "vendor.paymo-contacts.base-url", wm.baseUrl() + "/api", "vendor.paymo-contacts.api-key", KEY,
                "vendor.paymo-contacts.rate-period-ms", "100"));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return SyncTestApp.start(s);
    }

    static String change(String id, long version, String... contacts) {
        return "{\"id\":\"" + id + "\",\"version\":" + version + ",\"name\":\"Acme ApS\","
                + "\"contacts\":[" + String.join(",", contacts) + "],\"vendor_ids\":{\"paymo-contacts\":900}}";
    }

    static String deletedClient(String id, long version) {
        return "{\"id\":\"" + id + "\",\"version\":" + version + ",\"deleted\":true,"
                + "\"vendor_ids\":{\"paymo-contacts\":900}}";
    }

    static String contact(String id, String fields) {
        return "{\"id\":\"" + id + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    void stubCreate(String name, long paymoId) {
        wm.stubFor(post(CONTACTS).withRequestBody(matchingJsonPath("$.name", equalTo(name)))
                .willReturn(jsonResponse("{\"clientcontacts\":[{\"id\":" + paymoId + ",\"name\":\"" + name + "\"}]}",
                        201)));
    }

    void stubUpdate(long paymoId) {
        wm.stubFor(put(CONTACTS + "/" + paymoId).willReturn(okJson("{\"clientcontacts\":[{\"id\":" + paymoId + "}]}")));
    }

    String xref(SyncTestApp app, String clientId, String contactId) {
        return app.bean("xrefStore", XrefStore.class).find("paymo-contacts", "contact", clientId + "/" + contactId)
                .orElse(null);
    }

    @Test
    void createThenUpdateOfTwoFieldsThenDelete() {
        stubCreate("Eva Holm", 501);
        stubUpdate(501);
        wm.stubFor(delete(CONTACTS + "/501").willReturn(okJson("{}")));
        String k1 = "\"name\":\"Eva Holm\",\"email\":\"eva@acme.dk\",\"phone\":\"+45 1\",\"is_main\":true";
        String k1b = "\"name\":\"Eva Holm\",\"email\":\"eva.holm@acme.dk\",\"phone\":\"+45 1\",\"is_main\":true,"
                + "\"position\":\"CFO\"";
        // One run per version: within one run the inbox keeps a client's latest version only (one call for three).
        try (SyncTestApp app = app(FeedStub.url(wm))) {
            for (String contact : List.of(contact("k1", k1), contact("k1", k1b), contact("k1", "\"deleted\":true"))) {
                int version = contact.contains("deleted") ? 3 : contact.contains("CFO") ? 2 : 1;
                wm.stubFor(get(urlPathEqualTo(FeedStub.PATH)).willReturn(okJson("{\"changes\":["
                        + change("c-1", version, contact) + "],\"next_cursor\":\"p" + version
                        + "\",\"has_more\":false}")));
                RunStats stats = app.runOnce();
                assertThat(stats.count("paymo-contacts", "delivered")).as(stats.summary()).isEqualTo(1);
                assertThat(stats.deadLettered()).isZero();
            }
            assertThat(xref(app, "c-1", "k1")).isNull();
        }
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"client_id\":900,\"name\":\"Eva Holm\",\"email\":\"eva@acme.dk\","
                        + "\"phone\":\"+45 1\",\"is_main\":true}")));
        wm.verify(1, putRequestedFor(urlEqualTo(CONTACTS + "/501"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"email\":\"eva.holm@acme.dk\",\"position\":\"CFO\"}")));
        wm.verify(1, deleteRequestedFor(urlEqualTo(CONTACTS + "/501")).withHeader("Authorization", equalTo(BASIC)));
        assertThat(wm.getAllServeEvents()).hasSize(3 + 3); // three feed pages, three contact calls
    }

    @Test
    void theXrefSurvivesARestart() {
        String state = SyncTestApp.memoryStore();
        stubCreate("Bo", 601);
        stubUpdate(601);
        wm.stubFor(get(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", absent())
                .willReturn(okJson("{\"changes\":[" + change("c-2", 1, contact("k1", "\"name\":\"Bo\""))
                        + "],\"next_cursor\":\"p1\",\"has_more\":false}")));
        wm.stubFor(get(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", equalTo("p1"))
                .willReturn(okJson("{\"changes\":[" + change("c-2", 2, contact("k1",
                        "\"name\":\"Bo\",\"mobile\":\"+45 9\"")) + "],\"next_cursor\":\"p2\",\"has_more\":false}")));
        try (SyncTestApp app = app(FeedStub.url(wm), "state.url", state)) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
        }
        try (SyncTestApp app = app(FeedStub.url(wm), "state.url", state)) {
            assertThat(xref(app, "c-2", "k1")).isEqualTo("601");
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
        }
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
        wm.verify(1, putRequestedFor(urlEqualTo(CONTACTS + "/601")).withRequestBody(equalToJson("{\"mobile\":\"+45 9\"}")));
    }

    @Test
    void aContactIdThatCannotBeKeptLeavesTheBatchUnsettled() throws Exception {
        stubCreate("Eva", 777);
        String feed = FeedStub.pages(wm, List.of(List.of(change("c-9", 1, contact("k1", "\"name\":\"Eva\"")))));
        try (SyncTestApp app = app(feed)) {
            try (java.sql.Connection c = app.store().connection(); java.sql.Statement st = c.createStatement()) {
                st.execute("alter table xref add constraint no_777 check (remote_id <> '777')"); // the write fails
            }
            assertThatThrownBy(app::runOnce).satisfies(e -> assertThat(SyncRunner.rootMessage(e))
                    .startsWith("cannot write 1 xref row(s), first paymo-contacts contact c-9/k1"));
            Ledger ledger = app.bean("ledger", Ledger.class);
            VendorPositions positions = app.bean("vendorPositions", VendorPositions.class);
            assertThat(positions.of("paymo-contacts").position()).as("the vendor's position stays").isZero();
            assertThat(ledger.find("paymo-contacts", "c-9")).as("the batch's ledger rows with it").isEmpty();
            assertThat(xref(app, "c-9", "k1")).isNull();

            try (java.sql.Connection c = app.store().connection(); java.sql.Statement st = c.createStatement()) {
                st.execute("alter table xref drop constraint no_777");
            }
            FeedStub.after(wm, "p1", List.of(), "p1");
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).as("the batch again").isEqualTo(1);
            assertThat(xref(app, "c-9", "k1")).isEqualTo("777");
            assertThat(positions.of("paymo-contacts").position()).isPositive();
        }
    }

    @Test
    void anXrefWinsOverTheIdInTheChangeAndAnIdInTheChangeMeansUpdate() {
        stubUpdate(777);
        String c = change("c-3", 1, contact("k1", "\"name\":\"Al\",\"vendor_ids\":{\"paymo-contacts\":777}"));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
        }
        wm.verify(0, postRequestedFor(urlEqualTo(CONTACTS)));
        wm.verify(1, putRequestedFor(urlEqualTo(CONTACTS + "/777")).withRequestBody(equalToJson("{\"name\":\"Al\"}")));
    }

    @Test
    void portalAccessOnWithTheGivenPasswordThenARandomOneThenOff() {
        stubCreate("Eva", 701);
        stubCreate("Bo", 702);
        stubUpdate(701);
        stubUpdate(702);
        String given = "Given-Portal-Pass-1";
        String feed = FeedStub.pages(wm, List.of(
                List.of(change("c-4", 1, contact("k1", "\"name\":\"Eva\",\"portal_access\":true,"
                        + "\"portal_password\":\"" + given + "\""), contact("k2", "\"name\":\"Bo\"")))));
        FeedStub.after(wm, "p1", List.of(change("c-4", 2, contact("k1", "\"name\":\"Eva\",\"portal_access\":false"),
                contact("k2", "\"name\":\"Bo\",\"portal_access\":true"))), "p2"); // v2 in the next run
        try (SyncTestApp app = app(feed)) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
            String payload = app.bean("ledger", Ledger.class).find("paymo-contacts", "c-4").orElseThrow().payload();
            assertThat(payload).doesNotContain("password").doesNotContain(given).contains("\"access\":true");
        }
        // create of k1 without access, then the access update with the change's password
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(equalToJson(
                "{\"client_id\":900,\"name\":\"Eva\"}")));
        wm.verify(1, putRequestedFor(urlEqualTo(CONTACTS + "/701")).withHeader("Content-Type",
                containing("application/json")).withRequestBody(equalToJson(
                "{\"access\":true,\"password\":\"" + given + "\"}")));
        wm.verify(1, putRequestedFor(urlEqualTo(CONTACTS + "/701")).withRequestBody(equalToJson(
                "{\"access\":false}")));
        List<LoggedRequest> bo = wm.findAll(putRequestedFor(urlEqualTo(CONTACTS + "/702")));
        assertThat(bo).hasSize(1);
        String random = bo.get(0).getBodyAsString().replaceAll(".*\"password\":\"([^\"]+)\".*", "$1");
        assertThat(bo.get(0).getBodyAsString()).contains("\"access\":true");
        assertThat(random).hasSize(20).isNotEqualTo(given);
        var calls = wm.findAll(anyRequestedFor(urlPathMatching(CONTACTS + ".*")));
        assertThat(calls.get(0).getMethod().getName()).isEqualTo("POST"); // the create comes before the access
        assertThat(calls.get(1).getMethod().getName()).isEqualTo("PUT");
    }

    @Test
    void aPngIsUploadedAsMultipartImage() {
        stubCreate("Eva", 801);
        wm.stubFor(get("/img/eva.png").willReturn(aResponse().withBody(PNG).withHeader("Content-Type", "image/png")));
        wm.stubFor(post(CONTACTS + "/801").willReturn(okJson("{\"clientcontacts\":[{\"id\":801}]}")));
        String c = change("c-5", 1, contact("k1", "\"name\":\"Eva\",\"image_url\":\"" + wm.baseUrl()
                + "/img/eva.png\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
        }
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS + "/801"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withAnyRequestBodyPart(aMultipart().withName("image").withBody(binaryEqualTo(PNG))
                        .withHeader("Content-Type", containing("image/png"))));
        // the create carries no image_url field
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(equalToJson(
                "{\"client_id\":900,\"name\":\"Eva\"}")));
    }

    @Test
    void aNonImageIsRefusedAndOnlyThatStepFails() {
        stubCreate("Eva", 802);
        stubCreate("Bo", 803);
        wm.stubFor(get("/img/eva.png").willReturn(aResponse().withBody("<html>not an image</html>")
                .withHeader("Content-Type", "image/png")));
        String c = change("c-6", 1,
                contact("k1", "\"name\":\"Eva\",\"image_url\":\"" + wm.baseUrl() + "/img/eva.png\""),
                contact("k2", "\"name\":\"Bo\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo-contacts", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("rejected");
            assertThat(d.message()).contains("contact k1").contains("not a JPEG, PNG or GIF");
            assertThat(xref(app, "c-6", "k1")).isEqualTo("802");
            assertThat(xref(app, "c-6", "k2")).isEqualTo("803"); // the other contact went on
        }
        wm.verify(2, postRequestedFor(urlEqualTo(CONTACTS)));
        wm.verify(0, postRequestedFor(urlEqualTo(CONTACTS + "/802")));
    }

    @Test
    void aDeletedClientDeletesAllItsKnownContacts() {
        stubCreate("Eva", 901);
        stubCreate("Bo", 902);
        wm.stubFor(delete(urlPathMatching(CONTACTS + "/90[12]")).willReturn(okJson("{}")));
        String feed = FeedStub.pages(wm, List.of(
                List.of(change("c-7", 1, contact("k1", "\"name\":\"Eva\""), contact("k2", "\"name\":\"Bo\"")))));
        FeedStub.after(wm, "p1", List.of(deletedClient("c-7", 2)), "p2");
        try (SyncTestApp app = app(feed)) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
            assertThat(xref(app, "c-7", "k1")).isEqualTo("901");
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
            assertThat(xref(app, "c-7", "k1")).isNull();
            assertThat(xref(app, "c-7", "k2")).isNull();
        }
        wm.verify(1, deleteRequestedFor(urlEqualTo(CONTACTS + "/901")));
        wm.verify(1, deleteRequestedFor(urlEqualTo(CONTACTS + "/902")));
    }

    @Test
    void a404OnUpdateCreatesTheContactAgainOnce() {
        wm.stubFor(put(CONTACTS + "/111").willReturn(jsonResponse("{\"message\":\"not found\"}", 404)));
        stubCreate("Al", 112);
        String c = change("c-8", 1, contact("k1", "\"name\":\"Al\",\"vendor_ids\":{\"paymo-contacts\":111}"));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
            assertThat(xref(app, "c-8", "k1")).isEqualTo("112");
        }
        wm.verify(1, putRequestedFor(urlEqualTo(CONTACTS + "/111")));
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(equalToJson(
                "{\"client_id\":900,\"name\":\"Al\"}")));
    }

    private void assertPermanent(int status) {
        wm.stubFor(post(CONTACTS).willReturn(jsonResponse("{\"message\":\"no way " + status + "\"}", status)));
        String c = change("c-9", 1, contact("k9", "\"name\":\"Al\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            assertThat(app.runOnce().count("paymo-contacts", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.httpStatus()).isEqualTo(status);
            assertThat(d.message()).contains("contact k9").contains("no way " + status);
            assertThat(d.message()).doesNotContain(KEY);
            assertThat(d.attempts()).isEqualTo(1);
        }
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void a400IsPermanentAfterOneCall() {
        assertPermanent(400);
    }

    @Test
    void a401IsPermanentAfterOneCall() {
        assertPermanent(401);
    }

    @Test
    void a403IsPermanentAfterOneCall() {
        assertPermanent(403);
    }

    @Test
    void a5xxIsRetried() {
        wm.stubFor(post(CONTACTS).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(status(500)).willSetStateTo("one"));
        wm.stubFor(post(CONTACTS).inScenario("s").whenScenarioStateIs("one")
                .willReturn(status(503)).willSetStateTo("two"));
        wm.stubFor(post(CONTACTS).inScenario("s").whenScenarioStateIs("two")
                .willReturn(jsonResponse("{\"clientcontacts\":[{\"id\":5}]}", 201)));
        String c = change("c-10", 1, contact("k1", "\"name\":\"Al\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
        }
        wm.verify(3, postRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void a429WaitsRetryAfterAndIsNotCountedAsAFailedAttempt() {
        wm.stubFor(post(CONTACTS).inScenario("r").whenScenarioStateIs(STARTED)
                .willReturn(jsonResponse("{\"message\":\"slow down\"}", 429).withHeader("Retry-After", "1"))
                .willSetStateTo("ok"));
        wm.stubFor(post(CONTACTS).inScenario("r").whenScenarioStateIs("ok")
                .willReturn(jsonResponse("{\"clientcontacts\":[{\"id\":6}]}", 201)));
        String c = change("c-11", 1, contact("k1", "\"name\":\"Al\""));
        // no retries at all for failures: the 429 is still waited out and tried again
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))),
                "vendor.paymo-contacts.max-redeliveries", "0")) {
            assertThat(app.runOnce().count("paymo-contacts", "delivered")).isEqualTo(1);
        }
        var posts = wm.findAll(postRequestedFor(urlEqualTo(CONTACTS)));
        assertThat(posts).hasSize(2);
        long waited = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
        assertThat(waited).as("ms between the 429 and the retry").isGreaterThanOrEqualTo(950);
    }

    @Test
    void endless429sEndInADeadLetterAfterTheirOwnCap() {
        wm.stubFor(post(CONTACTS).willReturn(jsonResponse("{\"message\":\"slow down\"}", 429)
                .withHeader("Retry-After", "0")));
        String c = change("c-12", 1, contact("k1", "\"name\":\"Al\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))),
                "vendor.paymo-contacts.max-rate-limit-waits", "2")) {
            assertThat(app.runOnce().count("paymo-contacts", "dead-lettered")).isEqualTo(1);
            assertThat(app.deadLetters().get(0).reason()).isEqualTo("exhausted");
            assertThat(app.deadLetters().get(0).httpStatus()).isEqualTo(429);
        }
        wm.verify(3, postRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void theRateLimitHeadersAreRead() {
        wm.stubFor(post(CONTACTS).willReturn(jsonResponse("{\"clientcontacts\":[{\"id\":7}]}", 201)
                .withHeader("X-Ratelimit-Limit", "5").withHeader("X-Ratelimit-Remaining", "3")
                .withHeader("X-Ratelimit-Decay-Period", "5")));
        String c = change("c-13", 1, contact("k1", "\"name\":\"Al\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            app.runOnce();
            PaymoRateLimits limits = app.bean("paymoContactsRateLimits", PaymoRateLimits.class);
            assertThat(limits.limit()).isEqualTo(5);
            assertThat(limits.remaining()).isEqualTo(3);
            assertThat(limits.decaySeconds()).isEqualTo(5);
        }
    }

    @Test
    void aReplayRedoesOnlyTheRemainingWorkAndNoPasswordIsDeadLettered() {
        stubCreate("Eva", 1201);
        wm.stubFor(post(CONTACTS).withRequestBody(matchingJsonPath("$.name", equalTo("Bo"))).inScenario("bo")
                .whenScenarioStateIs(STARTED).willReturn(jsonResponse("{\"message\":\"mobile is invalid\"}", 400))
                .willSetStateTo("fixed"));
        wm.stubFor(post(CONTACTS).withRequestBody(matchingJsonPath("$.name", equalTo("Bo"))).inScenario("bo")
                .whenScenarioStateIs("fixed").willReturn(jsonResponse("{\"clientcontacts\":[{\"id\":1202}]}", 201)));
        stubUpdate(1201);
        stubUpdate(1202);
        String secret = "Never-Store-This-9";
        String c = change("c-15", 1, contact("k1", "\"name\":\"Eva\""),
                contact("k2", "\"name\":\"Bo\",\"portal_access\":true,\"portal_password\":\"" + secret + "\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.message()).contains("contact k2").contains("mobile is invalid");
            assertThat(d.changeJson()).contains("\"Bo\"").doesNotContain(secret).doesNotContain("portal_password");
            assertThat(xref(app, "c-15", "k1")).isEqualTo("1201");

            var result = app.bean("replayer", io.clientsync.delivery.Replayer.class)
                    .replay(app.deadLetters(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            assertThat(result.replayed()).isEqualTo(1);
            assertThat(xref(app, "c-15", "k2")).isEqualTo("1202");
            String payload = app.bean("ledger", Ledger.class).find("paymo-contacts", "c-15").orElseThrow().payload();
            assertThat(payload).contains("k1").contains("k2").doesNotContain(secret);
        }
        // Eva was created once (the replay updates her, it does not create her again); Bo failed once, then was made
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(matchingJsonPath("$.name", equalTo("Eva"))));
        wm.verify(2, postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(matchingJsonPath("$.name", equalTo("Bo"))));
        // the change's password was never stored, so the replay turns access on with a new random one
        List<LoggedRequest> access = wm.findAll(putRequestedFor(urlEqualTo(CONTACTS + "/1202")));
        assertThat(access).hasSize(1);
        assertThat(access.get(0).getBodyAsString()).contains("\"access\":true").doesNotContain(secret)
                .matches(".*\"password\":\"[^\"]{20}\".*");
    }

    @Test
    void aContactWithoutANameIsNotCreated() {
        String c = change("c-14", 1, contact("k1", "\"email\":\"x@y.dk\""));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(c))))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("rejected");
            assertThat(d.message()).contains("contact k1").contains("name");
        }
        wm.verify(0, anyRequestedFor(urlPathMatching(CONTACTS + ".*")));
    }
}
