package io.clientsync.connector.timelog;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The timelog page route (a parallel split without stopOnException): a dead-lettered change does not stop the rest
 * of the page, and a dead letter that cannot be written still fails the run without saving the page.
 */
class TimeLogPageTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        wm.stubFor(put(anyUrl()).willReturn(okJson("{\"Properties\":{}}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private SyncTestApp app() {
        List<String> page = new ArrayList<>();
        page.add("{\"id\":\"c-0\",\"version\":1,\"name\":\"X\",\"industry\":\"Nope\",\"vendor_ids\":{\"timelog\":1}}");
        for (int i = 1; i <= 20; i++) {
            page.add("{\"id\":\"c-" + i + "\",\"version\":1,\"name\":\"N" + i + "\",\"vendor_ids\":{\"timelog\":"
                    + (i + 1) + "}}");
        }
        return SyncTestApp.start(Map.of("source.url", FeedStub.pages(wm, List.of(page)), "vendors.enabled",
                "timelog", "vendor.timelog.base-url", wm.baseUrl(), "vendor.timelog.token", "t",
                "vendor.timelog.concurrency", "2"));
    }

    private static int rows(SyncTestApp app, String table) throws Exception {
        try (var c = app.store().connection(); var st = c.createStatement();
             var rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDeadLetteredChangeDoesNotStopTheRestOfThePage() throws Exception {
        try (SyncTestApp app = app()) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("timelog", "delivered")).isEqualTo(20);
            assertThat(stats.count("timelog", "dead-lettered")).isEqualTo(1);
            assertThat(rows(app, "ledger")).isEqualTo(20);
        }
        wm.verify(20, putRequestedFor(anyUrl()));
    }

    @Test
    void aDeadLetterThatCannotBeWrittenFailsTheRunAndSavesNothing() throws Exception {
        try (SyncTestApp app = app()) {
            try (var c = app.store().connection(); var st = c.createStatement()) {
                st.execute("drop table dead_letter");
            }
            assertThatThrownBy(app::runOnce).isInstanceOf(RuntimeException.class);
            assertThat(rows(app, "ledger")).isZero();
        }
    }
}
