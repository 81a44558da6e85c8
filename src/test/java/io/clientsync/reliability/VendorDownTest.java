package io.clientsync.reliability;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.VendorHealth;
import io.clientsync.sandbox.FaultPlan;
import io.clientsync.sandbox.LoopbackServer;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.state.VendorPositions;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * v2: a vendor down for a run is not a dead letter per change. Its circuit opens, its changes wait in the inbox
 * (the summary says how many), health says why, the other vendor delivers everything; the next run, with the vendor
 * back, delivers every waiting change from the vendor's position, one call per client, with no replay.
 */
class VendorDownTest {
    private static final int CLIENTS = 20;

    @AfterEach
    void noFaults() {
        LoopbackServer.faults(null);
    }

    @Test
    void aVendorDownWaitsInTheInboxAndTheNextRunDeliversIt() {
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false)) {
            Map<String, String> s = new HashMap<>(sandbox.settings());
            s.put("state.url", SyncTestApp.memoryStore());
            s.put("vendors.enabled", "fatora,everlytic");
            s.put("vendor.fatora.rate-limit", "500");
            s.put("vendor.everlytic.rate-limit", "500");
            long eligible;
            try (SyncTestApp app = SyncTestApp.start(s)) {
                LoopbackServer.faults(FaultPlan.down(Set.of("fatora")));
                RunStats run = app.runOnce();
                eligible = CLIENTS - run.count("fatora", "no-id") - run.count("fatora", "deleted");
                assertThat(run.anyDown()).as(run.summary()).isTrue();
                assertThat(run.summary()).contains("fatora delivered 0").contains("no-id 2, deleted 1");
                // waiting: every inbox row after the position, which stops before the first change that waits
                assertThat(Integer.parseInt(run.note("fatora").replaceAll("down, (\\d+) waiting", "$1")))
                        .isBetween((int) eligible, CLIENTS);
                assertThat(run.count("fatora", "dead-lettered")).isZero();
                assertThat(app.deadLetters()).as("nothing is dead-lettered for an outage").isEmpty();
                assertThat(run.count("everlytic", "delivered") + run.count("everlytic", "no-id")).isEqualTo(CLIENTS);
                VendorHealth health = app.bean("vendorHealth", VendorHealth.class);
                assertThat(health.problem("fatora")).get().asString().startsWith("exhausted");
                assertThat(health.problem("everlytic")).isEmpty();
                assertThat(app.bean("vendorPositions", VendorPositions.class).of("fatora").down()).isTrue();
                assertThat(sandbox.fatora().clients()).isEmpty();
            }
            LoopbackServer.faults(null);
            try (SyncTestApp app = SyncTestApp.start(s)) { // the next --once run probes it again
                RunStats run = app.runOnce();
                assertThat(run.anyDown()).as(run.summary()).isFalse();
                assertThat(run.count("fatora", "delivered")).isEqualTo(eligible);
                assertThat(run.count("everlytic", "delivered")).as("nothing new for it").isZero();
                assertThat(app.bean("vendorPositions", VendorPositions.class).of("fatora").down()).isFalse();
            }
            assertThat(sandbox.fatora().clients()).hasSize((int) eligible);
        }
    }

    /** Three versions of a client while the vendor is down: one call, with the latest, once it is back. */
    @Test
    void aClientChangedThreeTimesDuringAnOutageIsSentOnceWithItsLatestState() {
        WireMockServer wm = Peers.wireMock();
        try {
            Peers.fatoraToken(wm, "down-token");
            wm.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(serviceUnavailable()));
            FeedStub.pages(wm, List.of(List.of(FeedStub.change("c1", 1, "One", "c@x.dk", "{\"fatora\":1}"))));
            FeedStub.after(wm, "p1", List.of(FeedStub.change("c1", 2, "Two", "c@x.dk", "{\"fatora\":1}")), "p2");
            FeedStub.after(wm, "p2", List.of(FeedStub.change("c1", 3, "Three", "c@x.dk", "{\"fatora\":1}")), "p3");
            FeedStub.after(wm, "p3", List.of(), "p3");
            Map<String, String> s = Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                    "state.url", SyncTestApp.memoryStore(), "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                    "vendor.fatora.api-key", "down-key-1", "vendor.fatora.down-after-calls", "3");
            for (int run = 1; run <= 3; run++) {
                try (SyncTestApp app = SyncTestApp.start(s)) {
                    RunStats stats = app.runOnce();
                    assertThat(stats.note("fatora")).as(stats.summary()).isEqualTo("down, 1 waiting");
                    assertThat(app.deadLetters()).isEmpty();
                }
            }
            wm.stubFor(put(urlPathMatching("/v1/clients/.*")).atPriority(1).willReturn(okJson(
                    "{\"status\":\"SUCCESS\"}")));
            wm.resetRequests();
            try (SyncTestApp app = SyncTestApp.start(s)) {
                assertThat(app.runOnce().count("fatora", "delivered")).isEqualTo(1);
            }
            wm.verify(1, putRequestedFor(urlPathMatching("/v1/clients/.*")));
            wm.verify(putRequestedFor(urlEqualTo("/v1/clients/1")).withRequestBody(containing("Three")));
        } finally {
            wm.stop();
        }
    }
}
