package io.clientsync.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.support.Json;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.LogCapture;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The alerts through the real application (route files, wiring, state store) with WireMock as the feed, Fatora and
 * the webhook. Each run is its own process as a job runner's --once is (a new app on the same store); an app's close
 * sends what its queue still holds, so the webhook's requests are counted after it.
 */
class AlertsTest {
    static final String HOOK_PATH = "/services/T0ALERTS/B0ALERTS/hook-path-token-7f3a";
    private WireMockServer peers;
    private WireMockServer hook;
    private final Map<String, String> settings = new HashMap<>();

    @BeforeEach
    void start() {
        peers = Peers.wireMock();
        hook = Peers.wireMock();
        hook.stubFor(post(HOOK_PATH).willReturn(ok()));
        Peers.fatoraToken(peers, "alerts-fatora-token");
        settings.putAll(Map.of("vendors.enabled", "fatora", "state.url", SyncTestApp.memoryStore(),
                "vendor.fatora.base-url", peers.baseUrl() + "/v1", "vendor.fatora.api-key", "alerts-fatora-key",
                "vendor.fatora.down-after-calls", "3", "alerts.webhook-url", hook.baseUrl() + HOOK_PATH,
                "alerts.redelivery-delay-ms", "10"));
    }

    @AfterEach
    void stop() {
        peers.stop();
        hook.stop();
    }

    /** Fatora answers every update with 503 until {@link #fatoraBack()}. */
    private void fatoraDown() {
        peers.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(serviceUnavailable()));
    }

    private void fatoraBack() {
        peers.stubFor(put(urlPathMatching("/v1/clients/.*")).atPriority(1).willReturn(okJson(
                "{\"status\":\"SUCCESS\"}")));
    }

    /** A first page of these changes, then nothing new for every later run. */
    private void feed(String... changes) {
        settings.put("source.url", FeedStub.pages(peers, List.of(List.of(changes))));
        FeedStub.after(peers, "p1", List.of(), "p1");
    }

    private RunStats run() {
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            return app.runOnce();
        }
    }

    /** The bodies the webhook received, in order. */
    private List<JsonNode> alerts() {
        return hook.findAll(postRequestedFor(urlEqualTo(HOOK_PATH))).stream().map(r -> {
            try {
                return Json.MAPPER.readTree(r.getBodyAsString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String client(String id, long fatoraId) {
        return FeedStub.change(id, 1, "Client " + id, id + "@x.dk", "{\"fatora\":" + fatoraId + "}");
    }

    @Test
    void aVendorGoingDownAlertsOnceAcrossRunsAndOnceWhenItIsBack() {
        fatoraDown();
        feed(client("c1", 1));
        assertThat(run().anyDown()).isTrue();
        assertThat(alerts()).hasSize(1);
        JsonNode down = alerts().get(0);
        assertThat(down.path("kind").asText()).isEqualTo("vendor-down");
        assertThat(down.path("vendor").asText()).isEqualTo("fatora");
        assertThat(down.path("message").asText()).contains("503");
        assertThat(down.path("since").asText()).isNotEmpty();
        assertThat(down.path("text").asText()).contains("fatora is down since " + down.path("since").asText());

        assertThat(run().anyDown()).as("still down on the job runner's next --once").isTrue();
        assertThat(alerts()).as("no second alert while it stays down").hasSize(1);

        fatoraBack();
        RunStats back = run();
        assertThat(back.count("fatora", "delivered")).isEqualTo(1);
        assertThat(alerts()).hasSize(2);
        JsonNode up = alerts().get(1);
        assertThat(up.path("kind").asText()).isEqualTo("vendor-up");
        assertThat(up.path("vendor").asText()).isEqualTo("fatora");
        assertThat(up.path("since").asText()).as("the outage's start").isEqualTo(down.path("since").asText());

        run();
        assertThat(alerts()).as("nothing while it stays up").hasSize(2);
    }

    @Test
    void aRunDeadLetteringMoreThanTheThresholdAlertsOnceWithItsCounts() {
        settings.put("alerts.dead-letter-threshold", "2");
        fatoraBack();
        String noEmail = FeedStub.change("c3", 1, "No Email", null, "{\"fatora\":3}"); // Fatora's rules refuse it
        feed("{\"id\":\"bad id 1\",\"version\":1,\"name\":\"x\"}", "{\"id\":\"c2\",\"version\":1}", noEmail);
        RunStats first = run();
        assertThat(first.deadLettered()).isEqualTo(3);
        assertThat(alerts()).hasSize(1);
        JsonNode alert = alerts().get(0);
        assertThat(alert.path("kind").asText()).isEqualTo("dead-letters");
        assertThat(alert.path("run_id").asLong()).isEqualTo(first.runId());
        assertThat(alert.path("dead_letters")).isEqualTo(Json.MAPPER.valueToTree(Map.of("source", 2, "fatora", 1)));
        assertThat(alert.path("text").asText()).contains("dead-lettered 3 changes");

        FeedStub.after(peers, "p1", List.of("{\"id\":\"bad id 2\",\"version\":1,\"name\":\"x\"}",
                "{\"id\":\"bad id 3\",\"version\":1,\"name\":\"x\"}"), "p2");
        FeedStub.after(peers, "p2", List.of(), "p2");
        assertThat(run().deadLettered()).isEqualTo(2);
        assertThat(alerts()).as("two is not more than the threshold").hasSize(1);
    }

    @Test
    void theSourceFailingAlertsOnceAndOnceWhenItWorksAgain() {
        settings.put("source.url", FeedStub.url(peers));
        peers.stubFor(get(urlPathEqualTo(FeedStub.PATH)).willReturn(serverError()));
        assertThatThrownBy(this::run).hasStackTraceContaining("statusCode: 500");
        assertThat(alerts()).hasSize(1);
        JsonNode failed = alerts().get(0);
        assertThat(failed.path("kind").asText()).isEqualTo("source-failed");
        assertThat(failed.path("vendor").asText()).isEqualTo("source");
        assertThat(failed.path("message").asText()).contains("500");
        assertThat(failed.path("run_id").asLong()).isPositive();

        assertThatThrownBy(this::run).hasStackTraceContaining("statusCode: 500");
        assertThat(alerts()).as("no second alert while it keeps failing").hasSize(1);

        fatoraBack();
        peers.stubFor(get(urlPathEqualTo(FeedStub.PATH)).atPriority(1).willReturn(okJson(
                "{\"changes\":[],\"next_cursor\":\"p1\",\"has_more\":false}")));
        run();
        assertThat(alerts()).hasSize(2);
        assertThat(alerts().get(1).path("kind").asText()).isEqualTo("source-recovered");
        run();
        assertThat(alerts()).as("nothing while it keeps working").hasSize(2);
    }

    @Test
    void aWebhookFailingTwiceIsTriedAgainAndGetsTheAlertOnce() {
        settings.put("alerts.max-redeliveries", "2");
        hook.stubFor(post(HOOK_PATH).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(serverError()).willSetStateTo("failed once"));
        hook.stubFor(post(HOOK_PATH).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(serverError()).willSetStateTo("failed twice"));
        hook.stubFor(post(HOOK_PATH).inScenario("flaky").whenScenarioStateIs("failed twice")
                .willReturn(ok()).willSetStateTo("taken"));
        fatoraBack();
        feed("{\"id\":\"bad id 1\",\"version\":1,\"name\":\"x\"}");
        try (LogCapture logs = new LogCapture()) {
            run();
            assertThat(logs.text()).doesNotContain("not sent");
        }
        assertThat(alerts()).hasSize(3).allSatisfy(a -> assertThat(a.path("kind").asText()).isEqualTo("dead-letters"));
        assertThat(hook.getAllScenarios().getScenarios().get(0).getState()).isEqualTo("taken");
    }

    /**
     * A webhook that refuses connections: the run is neither held nor changed (its counts, so its exit code, are
     * those of a run without alerts), and the alerts end in one WARN line each, which never shows the URL.
     */
    @Test
    void aWebhookThatIsDownHoldsNoRunBack() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        settings.put("alerts.webhook-url", "http://127.0.0.1:" + closed + HOOK_PATH);
        settings.put("alerts.max-redeliveries", "1");
        settings.put("alerts.redelivery-delay-ms", "3000"); // each alert's tries outlast the run
        fatoraDown();
        feed(client("c1", 1), "{\"id\":\"bad id 1\",\"version\":1,\"name\":\"x\"}");
        try (LogCapture logs = new LogCapture()) {
            RunStats stats;
            Duration ran;
            Duration closedIn;
            try (SyncTestApp app = SyncTestApp.start(settings)) {
                long start = System.nanoTime();
                stats = app.runOnce();
                ran = Duration.ofNanos(System.nanoTime() - start);
                app.close();
                closedIn = Duration.ofNanos(System.nanoTime() - start).minus(ran);
            }
            assertThat(stats.anyDown()).as("exit 4, as without alerts").isTrue();
            assertThat(stats.deadLettered()).isEqualTo(1);
            assertThat(ran).as("the run did not wait for the webhook's tries").isLessThan(Duration.ofMillis(3000));
            assertThat(closedIn).as("the queued alerts' tries at exit, bounded")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(logs.text()).contains("alert vendor-down (fatora) not sent to alerts.webhook-url after 2 tries")
                    .contains("alert dead-letters not sent").doesNotContain(HOOK_PATH)
                    .doesNotContain("127.0.0.1:" + closed);
        }
    }

    /** A webhook that takes 4 s to answer: the run ends long before it has answered. */
    @Test
    void aSlowWebhookHoldsNoRunBack() {
        hook.stubFor(post(HOOK_PATH).willReturn(ok().withFixedDelay(4000)));
        fatoraDown();
        feed(client("c1", 1), "{\"id\":\"bad id 1\",\"version\":1,\"name\":\"x\"}");
        Duration ran;
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            long start = System.nanoTime();
            app.runOnce();
            ran = Duration.ofNanos(System.nanoTime() - start);
        }
        assertThat(ran).isLessThan(Duration.ofMillis(4000));
        assertThat(alerts()).extracting(a -> a.path("kind").asText())
                .containsExactlyInAnyOrder("vendor-down", "dead-letters");
    }
}
