package io.clientsync.observe;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.app.ClientSyncApp;
import io.clientsync.app.SettingsLoader;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled mode: the Quartz route runs, and /observe/health and /observe/metrics tell how it goes. */
class ObservabilityTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private WireMockServer wm;
    private Main main;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraToken(wm, "obs-token");
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        wm.stop();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * v2: Fatora answers 503 to everything: its circuit opens, health is DOWN with the reason, nothing is
     * dead-lettered; once Fatora answers again, the pipeline's poll probes it, health is UP and both changes land.
     */
    @Test
    void healthAndMetricsFollowTheScheduledRuns() throws Exception {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/changes"))
                .willReturn(okJson("{\"changes\":[" + FeedStub.change("o1", 1, "Obs", "o@x.dk", "{\"fatora\":1}")
                        + "," + FeedStub.change("o2", 1, "Obs2", "o2@x.dk", "{\"fatora\":2}")
                        + "],\"next_cursor\":\"n\",\"has_more\":false}")));
        wm.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(serviceUnavailable()));
        int port = freePort();
        Map<String, String> s = new HashMap<>(SyncTestApp.testSettings(Map.of(
                "source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", "obs-key-1",
                "vendor.fatora.max-redeliveries", "3", "vendor.fatora.down-after-calls", "2",
                "vendor.fatora.down-retry-ms", "300", "delivery.poll-ms", "200")));
        s.put("sync.cron", "0/1 * * * * ?");
        s.put("camel.management.port", Integer.toString(port));
        Properties props = SettingsLoader.load(Path.of("application.properties"), true, s);
        main = ClientSyncApp.createMain(props, Path.of("routes"), true);
        main.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> health = get(port, "/observe/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("DOWN").contains("vendor-fatora");
        });
        HttpResponse<String> metrics = get(port, "/observe/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("clientsync_changes_fetched_total");
        assertThat(metrics.body()).as("an outage is not a dead letter per change").doesNotContainPattern(
                "clientsync_deliveries_total\\{[^}]*outcome=\"dead-lettered\"");
        assertThat(metrics.body()).doesNotContain("obs-key-1").doesNotContain("obs-token");
        assertThat(metrics.body()).containsPattern("clientsync_vendor_up\\{vendor=\"fatora\"} 0\\.0")
                .containsPattern("clientsync_vendor_lag_changes\\{vendor=\"fatora\"} 2\\.0")
                .containsPattern("clientsync_vendor_position\\{vendor=\"fatora\"} 0\\.0")
                .containsPattern("clientsync_vendor_oldest_waiting_seconds\\{vendor=\"fatora\"} [0-9.]+");

        // Fatora is back: the pipeline's poll probes it after down-retry-ms, and the waiting changes land.
        wm.stubFor(put(urlPathMatching("/v1/clients/.*")).atPriority(1).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get(port, "/observe/health").statusCode()).isEqualTo(200);
            String body = get(port, "/observe/metrics").body();
            assertThat(body).containsPattern(
                    "clientsync_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*vendor=\"fatora\"[^}]*} 2\\.0");
            assertThat(body).containsPattern("clientsync_vendor_up\\{vendor=\"fatora\"} 1\\.0")
                    .containsPattern("clientsync_vendor_lag_changes\\{vendor=\"fatora\"} 0\\.0");
        });
    }
}
