package io.clientsync.flow;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.Replayer;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** replay: re-sends the latest dead-lettered state, and never overwrites a newer delivered version. */
class ReplayTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraToken(wm, "replay-token");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private SyncTestApp app(String store) {
        return SyncTestApp.start(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "state.url", store, "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                "vendor.fatora.api-key", "replay-key-1", "vendor.fatora.max-redeliveries", "1"));
    }

    private static String feed(String... changes) {
        return "{\"changes\":[" + String.join(",", changes) + "],\"next_cursor\":\"n\",\"has_more\":false}";
    }

    private Replayer.Result replayAll(SyncTestApp app, ByteArrayOutputStream out) {
        List<DeadLetter> open = app.bean("deadLetterStore", DeadLetterStore.class).open();
        return app.bean("replayer", Replayer.class).replay(open, new PrintStream(out, true));
    }

    @Test
    void replayDeliversWhatWasDeadLetteredOnceTheVendorIsBack() {
        String store = SyncTestApp.memoryStore();
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson(feed(
                FeedStub.change("r1", 1, "One", "one@x.dk", "{\"fatora\":1}")))));
        wm.stubFor(put("/v1/clients/1").willReturn(serviceUnavailable()));
        try (SyncTestApp app = app(store)) {
            assertThat(app.runOnce().count("fatora", "dead-lettered")).isEqualTo(1);
        }
        wm.stubFor(put("/v1/clients/1").willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyncTestApp app = app(store)) {
            Replayer.Result result = replayAll(app, out);
            assertThat(result.replayed()).isEqualTo(1);
            assertThat(app.deadLetters()).extracting(DeadLetter::state).containsExactly("replayed");
        }
        assertThat(out.toString()).contains("replayed").contains("delivered");
        wm.verify(3, putRequestedFor(urlEqualTo("/v1/clients/1"))); // 2 in the run, 1 by the replay
    }

    @Test
    void replayNeverOverwritesANewerDeliveredVersion() {
        String store = SyncTestApp.memoryStore();
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson(feed(
                FeedStub.change("r2", 1, "Old name", "two@x.dk", "{\"fatora\":2}")))));
        wm.stubFor(put("/v1/clients/2").willReturn(serviceUnavailable()));
        try (SyncTestApp app = app(store)) {
            app.runOnce();
        }
        wm.stubFor(put("/v1/clients/2").willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson(feed(
                FeedStub.change("r2", 2, "New name", "two@x.dk", "{\"fatora\":2}")))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyncTestApp app = app(store)) {
            assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(1);
            wm.resetRequests();
            Replayer.Result result = replayAll(app, out);
            assertThat(result.discarded()).isEqualTo(1);
            assertThat(app.deadLetters()).extracting(DeadLetter::state).containsExactly("discarded");
        }
        assertThat(out.toString()).contains("newer version");
        wm.verify(0, putRequestedFor(anyUrl()));
    }
}
