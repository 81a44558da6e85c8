package io.clientsync.flow;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
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
 * A source that sends a client again at a higher version with the same content (a re-export, a touch without
 * edits): the inbox raises the row's version in place, so no vendor pipeline reads it again and no vendor is
 * called, as the v1 shape's re-run of an unchanged feed called none. The cases where the vendors must look again
 * still do: a client with an open dead letter is tried again, a vendor's settings changed (its fingerprint), and a
 * vendor enabled later reads the raised row at its new version.
 */
class SameContentRerunTest {
    private static final String IDS = "{\"fatora\":%d,\"everlytic\":%d}";
    private WireMockServer wm;
    private Map<String, String> settings;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "same-token");
        wm.stubFor(put("/v1/clients/2").willReturn(status(400).withBody("{\"error\":\"name taken\"}")));
        wm.stubFor(put(urlPathMatching("/api/2.0/customers/.*")).willReturn(okJson("{\"item\":{\"id\":1}}")));
        settings = new HashMap<>(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "state.url", SyncTestApp.memoryStore(), "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                "vendor.fatora.api-key", "same-key-1", "vendor.everlytic.base-url", wm.baseUrl() + "/api/2.0",
                "vendor.everlytic.username", "same-user", "vendor.everlytic.api-key", "same-key-2"));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private static List<String> feed(long version) {
        return List.of(FeedStub.change("a", version, "A", "a@x.dk", IDS.formatted(1, 1)),
                FeedStub.change("b", version, "B", "b@x.dk", IDS.formatted(2, 2)),
                FeedStub.change("c", version, "C", "c@x.dk", IDS.formatted(3, 3)));
    }

    @Test
    void aNewerVersionOfTheSameContentCallsNoVendorUnlessOneMustLookAgain() {
        FeedStub.pages(wm, List.of(feed(1)));
        FeedStub.after(wm, "p1", feed(2), "p2");
        FeedStub.after(wm, "p2", feed(2), "p3");
        FeedStub.after(wm, "p3", feed(3), "p4");
        FeedStub.after(wm, "p4", List.of(), "p4");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            RunStats first = app.runOnce();
            assertThat(first.count("fatora", "delivered")).as(first.summary()).isEqualTo(2);
            assertThat(first.count("fatora", "dead-lettered")).isEqualTo(1);
            wm.resetRequests();

            RunStats second = app.runOnce();
            assertThat(second.unchanged()).as(second.summary()).isEqualTo(2);
            assertThat(second.summary()).contains("stale 0, unchanged 2)");
            assertThat(second.count("fatora", "unchanged")).as("no vendor read a and c again").isZero();
            wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/1")));
            wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/3")));
            wm.verify(1, putRequestedFor(urlEqualTo("/v1/clients/2"))); // its dead letter is open: tried again

            RunStats third = app.runOnce();
            assertThat(third.stale()).as("the versions the rows were raised to: " + third.summary()).isEqualTo(3);
        }
        wm.resetRequests();

        // Fatora's settings change (its fingerprint) and Everlytic comes: both look at every client again.
        settings.put("vendor.fatora.timeout-ms", "7000");
        settings.put("vendors.enabled", "fatora,everlytic");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            RunStats run = app.runOnce();
            assertThat(run.unchanged()).as(run.summary()).isZero();
            assertThat(run.count("fatora", "unchanged")).as("mapped again, the same payload").isEqualTo(2);
            // Everlytic may read the rows raised to v2 before the source replaces them with v3 (then v3 is unchanged)
            assertThat(run.count("everlytic", "delivered")).isEqualTo(3);
        }
        wm.verify(0, putRequestedFor(urlEqualTo("/v1/clients/1")));
        wm.verify(3, putRequestedFor(urlPathMatching("/api/2.0/customers/.*")));
    }

    /** A vendor behind the row (here: enabled later) reads it at the version it was raised to, not the JSON's. */
    @Test
    void aVendorThatReadsARaisedRowLaterTakesItsNewVersion() {
        FeedStub.pages(wm, List.of(feed(1)));
        FeedStub.after(wm, "p1", feed(5), "p2");
        FeedStub.after(wm, "p2", List.of(), "p2");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            app.runOnce();
            assertThat(app.runOnce().unchanged()).isEqualTo(2);
        }
        settings.put("vendors.enabled", "everlytic");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            RunStats run = app.runOnce();
            assertThat(run.count("everlytic", "delivered")).as(run.summary()).isEqualTo(3);
            Ledger ledger = new Ledger(app.store());
            assertThat(ledger.find("everlytic", "a")).get().extracting(LedgerEntry::version).isEqualTo(5L);
            assertThat(ledger.find("everlytic", "c")).get().extracting(LedgerEntry::version).isEqualTo(5L);
        }
    }

    /** sync.skip-same-content=false: every newer version takes a new number and each vendor compares it. */
    @Test
    void withSkipSameContentOffEveryNewerVersionReachesTheVendors() {
        settings.put("sync.skip-same-content", "false");
        FeedStub.pages(wm, List.of(feed(1)));
        FeedStub.after(wm, "p1", feed(2), "p2");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            app.runOnce();
            RunStats second = app.runOnce();
            assertThat(second.unchanged()).as(second.summary()).isZero();
            assertThat(second.count("fatora", "unchanged")).isEqualTo(2);
        }
    }
}
