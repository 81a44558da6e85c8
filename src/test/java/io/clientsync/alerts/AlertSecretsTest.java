package io.clientsync.alerts;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.LogCapture;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No credential reaches the webhook or the log through an alert: the vendor's answers that become an alert's reason
 * echo the API key and the token, the feed has a token, the webhook URL's path is a token and the webhook refuses
 * every alert (so the not-sent lines are logged too).
 */
class AlertSecretsTest {
    private static final String API_KEY = "alerts-API-KEY-s3cr3t-1";
    private static final String TOKEN = "alerts-TOKEN-s3cr3t-2";
    private static final String FEED_TOKEN = "alerts-FEED-s3cr3t-3";
    private static final String HOOK_PATH = "/services/T0SECRET/B0SECRET/hook-token-s3cr3t-4";

    @Test
    void noAlertBodyOrLogLineHoldsACredentialOrTheWebhookUrl() {
        WireMockServer peers = Peers.wireMock();
        WireMockServer hook = Peers.wireMock();
        try (LogCapture logs = new LogCapture()) {
            hook.stubFor(post(HOOK_PATH).willReturn(serverError().withBody("no: " + HOOK_PATH)));
            Peers.fatoraToken(peers, TOKEN);
            String echo = "{\"error\":\"bad key " + API_KEY + " with Bearer " + TOKEN + "\"}";
            peers.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(status(503).withBody(echo)));
            String feed = FeedStub.pages(peers, List.of(List.of(
                    FeedStub.change("c1", 1, "One", "c1@x.dk", "{\"fatora\":1}"),
                    "{\"id\":\"bad id\",\"version\":1,\"name\":\"" + API_KEY + "\"}")));
            String webhook = hook.baseUrl() + HOOK_PATH;
            Map<String, String> s = Map.of("source.url", feed, "source.token", FEED_TOKEN,
                    "vendors.enabled", "fatora", "vendor.fatora.base-url", peers.baseUrl() + "/v1",
                    "vendor.fatora.api-key", API_KEY, "vendor.fatora.down-after-calls", "3",
                    "alerts.webhook-url", webhook, "alerts.max-redeliveries", "2", "alerts.redelivery-delay-ms", "10");
            try (SyncTestApp app = SyncTestApp.start(s)) {
                assertThat(app.runOnce().anyDown()).isTrue();
            }
            peers.verify(putRequestedFor(urlPathMatching("/v1/clients/.*")).withHeader("Authorization",
                    equalTo("Bearer " + TOKEN))); // the token was in play
            List<String> bodies = hook.findAll(postRequestedFor(urlEqualTo(HOOK_PATH))).stream()
                    .map(LoggedRequest::getBodyAsString).toList();
            assertThat(bodies).as("vendor-down and dead-letters, each tried 3 times").hasSize(6);
            assertThat(bodies).anySatisfy(b -> assertThat(b).contains("\"kind\":\"vendor-down\"")
                    .as("the echoed answer is in the reason, scrubbed").contains("****"));
            for (String secret : List.of(API_KEY, TOKEN, FEED_TOKEN, HOOK_PATH, "hook-token-s3cr3t-4")) {
                assertThat(bodies).as("alert bodies").noneSatisfy(b -> assertThat(b).contains(secret));
                assertThat(logs.text()).as("log").doesNotContain(secret);
            }
            assertThat(logs.text()).contains("alert vendor-down (fatora) not sent to alerts.webhook-url after 3 tries:"
                    + " HTTP 500").doesNotContain(webhook);
        } finally {
            peers.stop();
            hook.stop();
        }
    }

    /** Whatever text an alert is made with (an exception's, a vendor's answer) is scrubbed in the alert itself. */
    @Test
    void anAlertScrubsItsMessage() {
        io.clientsync.support.Secrets.register("alerts-UNIT-s3cr3t-5");
        Alert alert = new Alert(Alert.Kind.SOURCE_FAILED, Alert.SOURCE, "not JSON: 'alerts-UNIT-s3cr3t-5'\n",
                null, java.time.Instant.now(), 7L, null);
        assertThat(alert.json()).doesNotContain("alerts-UNIT-s3cr3t-5").contains("not JSON: '****'?");
    }
}
