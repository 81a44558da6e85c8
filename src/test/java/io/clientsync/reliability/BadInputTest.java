package io.clientsync.reliability;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile and broken input: every bad change is dead-lettered with a message naming the field, every bad page
 * stops its run with a clear error, bad vendor answers end as classified dead letters, and the process goes on.
 */
class BadInputTest {
    private static WireMockServer wm;

    @BeforeAll
    static void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "bad-input-token");
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    private static SyncTestApp app() {
        return SyncTestApp.start(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", "bad-input-key",
                "source.max-page-bytes", "200000", "vendor.fatora.max-redeliveries", "1"));
    }

    private static void feed(String body) {
        wm.removeStubsByMetadata(matchingJsonPath("$.feed"));
        wm.stubFor(get(urlPathEqualTo("/changes")).withMetadata(Map.of("feed", true)).willReturn(okJson(body)));
    }

    /** id in the dead letter -> (change document, the field its message must name). */
    static Map<String, String[]> badChanges() {
        String ok = "\"version\":1,\"name\":\"N\"";
        Map<String, String[]> c = new LinkedHashMap<>();
        c.put("?", new String[] {"{\"version\":1,\"name\":\"No id\"}", "id"});
        c.put("a/b", new String[] {"{\"id\":\"a/b\"," + ok + "}", "$.id"});
        c.put("..", new String[] {"{\"id\":\"..\"," + ok + "}", "$.id"});
        c.put("x..y", new String[] {"{\"id\":\"x..y\"," + ok + "}", "$.id"});
        c.put("has space", new String[] {"{\"id\":\"has space\"," + ok + "}", "$.id"});
        c.put("cr?lf", new String[] {"{\"id\":\"cr\\r\\nlf\"," + ok + "}", "$.id"});
        c.put("long", new String[] {"{\"id\":\"" + "L".repeat(65) + "\"," + ok + "}", "$.id"});
        c.put("42", new String[] {"{\"id\":42," + ok + "}", "$.id"});
        c.put("v-missing", new String[] {"{\"id\":\"v-missing\",\"name\":\"N\"}", "version"});
        c.put("v-negative", new String[] {"{\"id\":\"v-negative\",\"version\":-3,\"name\":\"N\"}", "$.version"});
        c.put("v-text", new String[] {"{\"id\":\"v-text\",\"version\":\"abc\",\"name\":\"N\"}", "$.version"});
        c.put("v-fraction", new String[] {"{\"id\":\"v-fraction\",\"version\":1.5,\"name\":\"N\"}", "$.version"});
        c.put("v-huge", new String[] {"{\"id\":\"v-huge\",\"version\":1e30,\"name\":\"N\"}", "$.version"});
        c.put("n-missing", new String[] {"{\"id\":\"n-missing\",\"version\":1}", "name"});
        c.put("n-empty", new String[] {"{\"id\":\"n-empty\",\"version\":1,\"name\":\"\"}", "$.name"});
        c.put("n-blank", new String[] {"{\"id\":\"n-blank\",\"version\":1,\"name\":\"   \"}", "$.name"});
        c.put("n-huge", new String[] {"{\"id\":\"n-huge\",\"version\":1,\"name\":\"" + "n".repeat(5000) + "\"}",
                "$.name"});
        c.put("n-number", new String[] {"{\"id\":\"n-number\",\"version\":1,\"name\":7}", "$.name"});
        c.put("e-noat", new String[] {"{\"id\":\"e-noat\"," + ok + ",\"email\":\"nobody\"}", "$.email"});
        c.put("e-array", new String[] {"{\"id\":\"e-array\"," + ok + ",\"email\":[\"a@b.c\"]}", "$.email"});
        c.put("status", new String[] {"{\"id\":\"status\"," + ok + ",\"status\":\"zombie\"}", "$.status"});
        c.put("cur-lower", new String[] {"{\"id\":\"cur-lower\"," + ok + ",\"currency\":\"eur\"}", "$.currency"});
        c.put("cur-long", new String[] {"{\"id\":\"cur-long\"," + ok + ",\"currency\":\"EURO\"}", "$.currency"});
        c.put("date-bad", new String[] {"{\"id\":\"date-bad\"," + ok + ",\"customer_since\":\"2021-02-30\"}",
                "$.customer_since"});
        c.put("date-word", new String[] {"{\"id\":\"date-word\"," + ok + ",\"customer_since\":\"yesterday\"}",
                "$.customer_since"});
        c.put("addr-text", new String[] {"{\"id\":\"addr-text\"," + ok + ",\"address\":\"Main St 1\"}",
                "$.address"});
        c.put("country-lower", new String[] {"{\"id\":\"country-lower\"," + ok + ",\"address\":{\"country\":\"dk\"}}",
                "$.address.country"});
        c.put("country-3", new String[] {"{\"id\":\"country-3\"," + ok + ",\"address\":{\"country\":\"DNK\"}}",
                "$.address.country"});
        c.put("billing-country", new String[] {"{\"id\":\"billing-country\"," + ok
                + ",\"billing_address\":{\"country\":\"Denmark\"}}", "$.billing_address.country"});
        c.put("contacts-obj", new String[] {"{\"id\":\"contacts-obj\"," + ok + ",\"contacts\":{}}", "$.contacts"});
        c.put("contact-noid", new String[] {"{\"id\":\"contact-noid\"," + ok + ",\"contacts\":[{\"name\":\"A\"}]}",
                "$.contacts[0]"});
        c.put("contact-slash", new String[] {"{\"id\":\"contact-slash\"," + ok
                + ",\"contacts\":[{\"id\":\"p/1\"}]}", "$.contacts[0].id"});
        c.put("contact-main", new String[] {"{\"id\":\"contact-main\"," + ok
                + ",\"contacts\":[{\"id\":\"p1\",\"is_main\":\"yes\"}]}", "$.contacts[0].is_main"});
        c.put("vid-letters", new String[] {"{\"id\":\"vid-letters\"," + ok + ",\"vendor_ids\":{\"fatora\":\"12a\"}}",
                "$.vendor_ids.fatora"});
        c.put("vid-negative", new String[] {"{\"id\":\"vid-negative\"," + ok + ",\"vendor_ids\":{\"fatora\":-5}}",
                "$.vendor_ids.fatora"});
        c.put("vid-zero", new String[] {"{\"id\":\"vid-zero\"," + ok + ",\"vendor_ids\":{\"fatora\":0}}",
                "$.vendor_ids.fatora"});
        c.put("vid-path", new String[] {"{\"id\":\"vid-path\"," + ok + ",\"vendor_ids\":{\"fatora\":\"../1\"}}",
                "$.vendor_ids.fatora"});
        c.put("vids-array", new String[] {"{\"id\":\"vids-array\"," + ok + ",\"vendor_ids\":[1]}", "$.vendor_ids"});
        c.put("vfields-text", new String[] {"{\"id\":\"vfields-text\"," + ok
                + ",\"vendor_fields\":{\"timelog\":\"x\"}}", "$.vendor_fields.timelog"});
        c.put("deleted-text", new String[] {"{\"id\":\"deleted-text\"," + ok + ",\"deleted\":\"true\"}",
                "$.deleted"});
        c.put("notes-huge", new String[] {"{\"id\":\"notes-huge\"," + ok + ",\"notes\":\"" + "x".repeat(20001)
                + "\"}", "$.notes"});
        c.put("phone-obj", new String[] {"{\"id\":\"phone-obj\"," + ok + ",\"phone\":{\"n\":1}}", "$.phone"});
        c.put("?str", new String[] {"\"just a string\"", "$"});
        c.put("?null", new String[] {"null", "$"});
        return c;
    }

    @Test
    void everyBadChangeIsDeadLetteredNamingTheFieldAndTheRestIsDelivered() {
        Map<String, String[]> bad = badChanges();
        assertThat(bad).hasSizeGreaterThanOrEqualTo(40);
        List<String> docs = new ArrayList<>();
        bad.values().forEach(v -> docs.add(v[0]));
        docs.add("{\"id\":\"good-1\",\"version\":1,\"name\":\"Ærø Æbler 🍎 — 東京\",\"email\":\"ø@ærø.dk\","
                + "\"vendor_ids\":{\"fatora\":1,\"nosuchvendor\":5},\"unknown_field\":{\"deep\":[1,2]}}");
        feed("{\"changes\":[" + String.join(",", docs) + "],\"next_cursor\":\"b1\",\"has_more\":false}");
        try (SyncTestApp app = app()) {
            RunStats stats = app.runOnce();
            assertThat(stats.invalid()).isEqualTo(bad.size());
            assertThat(stats.count("fatora", "delivered")).isEqualTo(1);
            List<DeadLetter> dls = app.deadLetters();
            assertThat(dls).hasSize(bad.size());
            List<String> expected = new ArrayList<>(bad.keySet());
            for (int i = 0; i < dls.size(); i++) {
                DeadLetter d = dls.get(i);
                String[] c = bad.get(expected.get(i));
                assertThat(d.vendor()).isEqualTo("source");
                assertThat(d.reason()).isEqualTo("invalid-change");
                assertThat(d.message()).as("message of %s", expected.get(i)).contains(c[1]);
                assertThat(d.clientId()).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(64);
            }
        }
        wm.verify(putRequestedFor(urlEqualTo("/v1/clients/1"))
                .withRequestBody(matchingJsonPath("$.name", equalTo("Ærø Æbler 🍎 — 東京"))));
    }

    @Test
    void badPagesStopTheRunWithAClearErrorAndTheNextRunWorks() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("{\"changes\":[{\"id\":\"a\"", "not valid JSON");
        pages.put("{\"changes\":[{\"id\":\"a\",\"version\":1,\"name\":\"" + "x".repeat(250_000)
                + "\"}],\"has_more\":false}", "source.max-page-bytes");
        pages.put("{\"changes\":[" + "[".repeat(200) + "]".repeat(200) + "],\"has_more\":false}", "nesting");
        pages.put("{\"changes\":\"none\",\"has_more\":false}", "'changes' must be an array");
        pages.put("{\"changes\":[],\"has_more\":1}", "'has_more'");
        pages.put("[]", "not a JSON object");
        pages.put("", "empty");
        try (SyncTestApp app = app()) {
            for (var page : pages.entrySet()) {
                feed(page.getKey());
                assertThatThrownBy(app::runOnce).as(page.getValue()).rootCause()
                        .hasMessageContaining(page.getValue());
            }
            feed("{\"changes\":[{\"id\":\"after\",\"version\":1,\"name\":\"A\",\"email\":\"a@a.dk\","
                    + "\"vendor_ids\":{\"fatora\":2}}],\"next_cursor\":\"z\",\"has_more\":false}");
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(1);
        }
    }

    @Test
    void vendorAnswersThatAreNotJsonOrCutEndAsClassifiedDeadLetters() {
        wm.stubFor(put("/v1/clients/71").willReturn(ok("<html>gateway</html>")));
        wm.stubFor(put("/v1/clients/72").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        wm.stubFor(put("/v1/clients/73").willReturn(badRequest().withBody("plain text refusal")));
        wm.stubFor(put("/v1/clients/74").willReturn(okJson("{\"status\":\"SUCC")));
        List<String> docs = new ArrayList<>();
        for (int i = 71; i <= 74; i++) {
            docs.add(FeedStub.change("ans-" + i, 1, "Answer " + i, "a" + i + "@x.dk", "{\"fatora\":" + i + "}"));
        }
        feed("{\"changes\":[" + String.join(",", docs) + "],\"next_cursor\":\"c\",\"has_more\":false}");
        try (SyncTestApp app = app()) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("fatora", "dead-lettered")).isEqualTo(4);
            Map<String, DeadLetter> byClient = new LinkedHashMap<>();
            app.deadLetters().forEach(d -> byClient.put(d.clientId(), d));
            assertThat(byClient.get("ans-71").reason()).isEqualTo("exhausted");
            assertThat(byClient.get("ans-71").message()).contains("<html>gateway</html>");
            assertThat(byClient.get("ans-72").reason()).isEqualTo("exhausted");
            assertThat(byClient.get("ans-73").reason()).isEqualTo("refused");
            assertThat(byClient.get("ans-73").message()).contains("plain text refusal");
            assertThat(byClient.get("ans-74").reason()).isEqualTo("exhausted");
            assertThat(byClient.get("ans-71").attempts()).isEqualTo(2);
        }
    }
}
