package io.clientsync.reliability;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.SyncBusyException;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two processes on one state store never both sync: the second one is refused with a clear message. */
class SyncLockTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "lock-token");
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson("{\"changes\":["
                + FeedStub.change("l1", 1, "Lock", "l@x.dk", "{\"fatora\":1}")
                + "],\"next_cursor\":\"n\",\"has_more\":false}").withFixedDelay(1500)));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void aSecondRunOnTheSameStoreIsRefusedWhileTheFirstRuns() throws Exception {
        Map<String, String> settings = Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "state.url", SyncTestApp.memoryStore(), "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                "vendor.fatora.api-key", "lock-key-1");
        try (SyncTestApp first = SyncTestApp.start(settings); SyncTestApp second = SyncTestApp.start(settings)) {
            CompletableFuture<RunStats> running = CompletableFuture.supplyAsync(first::runOnce);
            wm.verify(0, putRequestedFor(anyUrl()));
            Thread.sleep(500); // the first run now holds the lock and waits for its feed page
            assertThatThrownBy(second::runOnce).isInstanceOf(SyncBusyException.class)
                    .hasMessageContaining("another client-sync run holds the state store");
            assertThat(running.get(20, TimeUnit.SECONDS).count("fatora", "delivered")).isEqualTo(1);
            // once the first has finished, the second may run
            assertThat(second.runOnce().stale()).as("the feed's change is in the inbox already").isEqualTo(1);
        }
    }
}
