package io.clientsync.flow;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vendor enabled after the source has been read (issue 15 item 5): its pipeline starts at the start of the inbox
 * and delivers every client's latest state from there, without reading the source again; the vendor that was
 * there all along sends nothing new.
 */
class VendorAddedLaterTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "later-token");
        wm.stubFor(put(urlPathMatching("/api/2.0/customers/.*")).willReturn(okJson("{\"item\":{\"id\":1}}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void aVendorEnabledLaterGetsEveryClientsLatestStateFromTheInbox() {
        String ids = "{\"fatora\":%d,\"everlytic\":%d}";
        FeedStub.pages(wm, List.of(
                List.of(FeedStub.change("a", 1, "A one", "a@x.dk", ids.formatted(1, 1)),
                        FeedStub.change("b", 1, "B one", "b@x.dk", ids.formatted(2, 2))),
                List.of(FeedStub.change("a", 2, "A two", "a@x.dk", ids.formatted(1, 1)),
                        FeedStub.change("c", 1, "C one", "c@x.dk", ids.formatted(3, 3)))));
        FeedStub.after(wm, "p2", List.of(), "p2"); // the source has nothing new later
        Map<String, String> s = new HashMap<>(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "state.url", SyncTestApp.memoryStore(), "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                "vendor.fatora.api-key", "later-key-1", "vendor.everlytic.base-url", wm.baseUrl() + "/api/2.0",
                "vendor.everlytic.username", "later-user", "vendor.everlytic.api-key", "later-key-2"));
        try (SyncTestApp app = SyncTestApp.start(s)) {
            assertThat(app.runOnce().count("fatora", "delivered")).isBetween(3L, 4L);
        }
        wm.resetRequests();

        s.put("vendors.enabled", "fatora,everlytic");
        try (SyncTestApp app = SyncTestApp.start(s)) {
            RunStats run = app.runOnce();
            assertThat(run.received()).as("the source had nothing new").isZero();
            assertThat(run.count("everlytic", "delivered")).as(run.summary()).isEqualTo(3);
            assertThat(run.count("fatora", "delivered")).isZero();
        }
        wm.verify(1, getRequestedFor(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since", equalTo("p2")));
        wm.verify(0, putRequestedFor(urlPathMatching("/v1/clients/.*")));
        wm.verify(3, putRequestedFor(urlPathMatching("/api/2.0/customers/.*")));
        wm.verify(putRequestedFor(urlEqualTo("/api/2.0/customers/1")).withRequestBody(containing("A two")));
        wm.verify(0, putRequestedFor(urlEqualTo("/api/2.0/customers/1")).withRequestBody(containing("A one")));
    }
}
