package io.clientsync.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.app.ClientSyncApp;
import io.clientsync.app.SettingsLoader;
import io.clientsync.delivery.RunStats;
import io.clientsync.support.Json;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's JSON API over a store a real run filled (Fatora on WireMock: c1 delivered, c2 and c3 rejected), served
 * by the {@code console} wiring on the management port: the same data as {@code status}, {@code dead-letters} and
 * {@code replay}, and the gate's rules for actions from other origins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiTest {
    static final String API_KEY = "console-test-api-key";
    static final String TOKEN = "console-test-bearer";
    static WireMockServer wm;
    static Map<String, String> settings;
    static Main console;
    static int port;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void fillTheStoreAndServe() throws Exception {
        wm = Peers.wireMock();
        Peers.fatoraToken(wm, TOKEN);
        FeedStub.pages(wm, List.of(List.of(
                FeedStub.change("c1", 1, "One ApS", "one@x.dk", "{\"fatora\":1}"),
                FeedStub.change("c2", 3, "<img src=x onerror=alert(1)>", "two@x.dk", "{\"fatora\":2}"),
                FeedStub.change("c3", 1, "Three ApS", "three@x.dk", "{\"fatora\":3}"))));
        wm.stubFor(put(urlPathEqualTo("/v1/clients/1")).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        for (String id : List.of("2", "3")) {
            wm.stubFor(put(urlPathEqualTo("/v1/clients/" + id)).willReturn(aResponse().withStatus(400)
                    .withHeader("Content-Type", "application/json").withBody(
                            "{\"status\":\"ERROR\",\"error\":{\"error_code\":422,\"description\":\"email taken\"}}")));
        }
        settings = SyncTestApp.testSettings(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", API_KEY));
        try (SyncTestApp run = SyncTestApp.start(settings)) {
            RunStats stats = run.runOnce();
            assertThat(stats.deadLettered()).isEqualTo(2);
        }
        port = freePort();
        console = serve(Map.of("camel.management.port", Integer.toString(port)));
    }

    static Main serve(Map<String, String> extra) throws Exception {
        Map<String, String> s = new java.util.HashMap<>(settings);
        s.putAll(extra);
        Properties props = SettingsLoader.load(Path.of("application.properties"), true, s);
        Main main = ClientSyncApp.createConsoleMain(props, Path.of("routes"));
        main.start();
        return main;
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.stop();
        }
        wm.stop();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> call(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode pipeline(String name) throws Exception {
        for (JsonNode p : json(call("GET", "/api/pipelines")).get("pipelines")) {
            if (p.get("pipeline").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pipeline " + name);
    }

    @Test
    void pipelinesShowPositionsLagAndTheRunsCounts() throws Exception {
        HttpResponse<String> r = call("GET", "/api/pipelines");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode source = pipeline("source");
        assertThat(source.get("state").asText()).isEqualTo("idle");
        assertThat(source.get("position").asLong()).isEqualTo(3);
        assertThat(source.get("runs").get(0).get("changes").asInt()).isEqualTo(3);
        JsonNode fatora = pipeline("fatora");
        assertThat(fatora.get("position").asLong()).isEqualTo(3);
        assertThat(fatora.get("lag").asLong()).isZero();
        JsonNode counts = fatora.get("runs").get(0).get("counts");
        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        assertThat(counts.get("dead-lettered").asInt()).isEqualTo(2);
        assertThat(r.body()).doesNotContain(API_KEY).doesNotContain(TOKEN);
    }

    @Test
    void deadLettersFilterByVendorReasonAndClient() throws Exception {
        JsonNode all = json(call("GET", "/api/dead-letters?vendor=fatora")).get("deadLetters");
        assertThat(all).hasSize(2);
        String reason = all.get(0).get("reason").asText();
        assertThat(json(call("GET", "/api/dead-letters?vendor=fatora&reason=" + reason + "&client=c2"))
                .get("deadLetters")).hasSize(1);
        assertThat(json(call("GET", "/api/dead-letters?client=nobody")).get("deadLetters")).isEmpty();
        assertThat(json(call("GET", "/api/dead-letters?vendor=paymo")).get("deadLetters")).isEmpty();
        HttpResponse<String> bad = call("GET", "/api/dead-letters?state=lost");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).contains("state must be open, replayed or discarded");

        long id = all.get(0).get("id").asLong();
        JsonNode one = json(call("GET", "/api/dead-letters/" + id));
        assertThat(one.get("change").get("id").asText()).isEqualTo(one.get("clientId").asText());
        assertThat(one.get("httpStatus").asInt()).isEqualTo(400);
        assertThat(one.get("attempts").asInt()).isPositive();
        assertThat(call("GET", "/api/dead-letters/999999").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/dead-letters/x").statusCode()).isEqualTo(400);
    }

    @Test
    void aClientShowsWhatEachVendorGotAndItsOpenDeadLetters() throws Exception {
        JsonNode c1 = json(call("GET", "/api/clients/c1"));
        assertThat(c1.get("inbox").get("version").asLong()).isEqualTo(1);
        JsonNode fatora = c1.get("vendors").get(0);
        assertThat(fatora.get("vendor").asText()).isEqualTo("fatora");
        assertThat(fatora.get("deliveredVersion").asLong()).isEqualTo(1);
        assertThat(fatora.get("payload").get("name").asText()).isEqualTo("One ApS");
        assertThat(fatora.get("openDeadLetters")).isEmpty();

        JsonNode c2 = json(call("GET", "/api/clients/c2")).get("vendors").get(0);
        assertThat(c2.get("deliveredVersion").isNull()).isTrue();
        assertThat(c2.get("openDeadLetters")).hasSize(1);
        // The API hands the name over as data; the page puts it in as text (ConsoleBrowserIT shows it).
        assertThat(c2.get("openDeadLetters").get(0).get("change").get("name").asText())
                .isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(call("GET", "/api/clients/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void noAnswerHoldsASecret() throws Exception {
        long id = json(call("GET", "/api/dead-letters")).get("deadLetters").get(0).get("id").asLong();
        java.util.Set<String> secrets = io.clientsync.support.Secrets.registered();
        assertThat(secrets).contains(API_KEY, TOKEN);
        for (String path : List.of("/api/pipelines", "/api/dead-letters", "/api/dead-letters/" + id,
                "/api/clients/c1", "/api/clients/c2", "/console", "/console/console.js")) {
            String body = call("GET", path).body();
            for (String secret : secrets) {
                assertThat(body).as(path).doesNotContain(secret);
            }
        }
    }

    @Test
    void pauseAndResumeAreHeldInTheStore() throws Exception {
        HttpResponse<String> paused = call("POST", "/api/vendors/fatora/pause");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(json(paused).get("state").asText()).isEqualTo("paused");
        assertThat(pipeline("fatora").get("state").asText()).isEqualTo("paused");
        assertThat(json(call("POST", "/api/vendors/fatora/resume")).get("state").asText()).isEqualTo("caught up");
        assertThat(call("POST", "/api/vendors/nobody/pause").statusCode()).isEqualTo(404);
    }

    @Test
    void actionsFromAnotherSiteAreRefused() throws Exception {
        assertThat(call("POST", "/api/vendors/fatora/pause", "Origin", "http://evil.example").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/vendors/fatora/pause", "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/vendors/fatora/pause", "Sec-Fetch-Site", "cross-site").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/vendors/fatora/pause", "Referer", "http://evil.example/page").statusCode())
                .isEqualTo(403);
        assertThat(pipeline("fatora").get("state").asText()).as("nothing was paused").isNotEqualTo("paused");
        // The console's own page: Origin is this server.
        HttpResponse<String> own = call("POST", "/api/vendors/fatora/resume", "Origin", "http://127.0.0.1:" + port);
        assertThat(own.statusCode()).isEqualTo(200);
        // A web page that points a name of its own at 127.0.0.1 (DNS rebinding) is not answered.
        assertThat(statusLine("evil.example:" + port)).contains(" 403 ");
        assertThat(statusLine("localhost:" + port)).contains(" 200 ");
    }

    /** A request with a Host header of our choosing (java.net.http will not set one). */
    static String statusLine(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/pipelines HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // it closes dead letters the other tests read
    void replayResendsTheLatestStateAndDiscardCloses() throws Exception {
        JsonNode open = json(call("GET", "/api/dead-letters?vendor=fatora&client=c3")).get("deadLetters");
        long c3 = open.get(0).get("id").asLong();
        wm.stubFor(put(urlPathEqualTo("/v1/clients/3")).atPriority(1).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        HttpResponse<String> replayed = call("POST", "/api/dead-letters/" + c3 + "/replay");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json(replayed).get("replayed").asInt()).isEqualTo(1);
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/clients/3")).withRequestBody(
                matchingJsonPath("$.name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Three ApS"))));
        assertThat(json(call("GET", "/api/dead-letters/" + c3)).get("state").asText()).isEqualTo("replayed");
        assertThat(call("POST", "/api/dead-letters/" + c3 + "/replay").statusCode()).as("not open any more")
                .isEqualTo(409);
        assertThat(json(call("GET", "/api/clients/c3")).get("vendors").get(0).get("deliveredVersion").asLong())
                .isEqualTo(1);

        long c2 = json(call("GET", "/api/dead-letters?vendor=fatora&client=c2")).get("deadLetters").get(0)
                .get("id").asLong();
        HttpResponse<String> discarded = call("POST", "/api/dead-letters/" + c2 + "/discard");
        assertThat(json(discarded).get("state").asText()).isEqualTo("discarded");
        assertThat(call("POST", "/api/dead-letters/" + c2 + "/discard").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/dead-letters/replay").statusCode()).as("a selection names ids")
                .isEqualTo(400);
    }
}
