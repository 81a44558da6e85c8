package io.clientsync.connector.paymocontacts;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The throttle: never more than rate-limit requests in any rate-period-ms, measured at the vendor. */
class PaymoContactsThrottleTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void theDefaultIsFiveRequestsPerFiveSeconds() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            p.load(r);
        }
        assertThat(p.getProperty("vendor.paymo-contacts.rate-limit")).isEqualTo("5");
        assertThat(p.getProperty("vendor.paymo-contacts.rate-period-ms")).isEqualTo("5000");
    }

    @Test
    void threeClientsInParallelNeverGoOverThreeRequestsPerSecond() {
        wm.stubFor(post("/api/clientcontacts").willReturn(jsonResponse("{\"clientcontacts\":[{\"id\":1}]}", 201)));
        List<String> changes = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            List<String> contacts = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                contacts.add("{\"id\":\"k" + k + "\",\"name\":\"Person " + k + "\"}");
            }
            changes.add("{\"id\":\"c-" + c + "\",\"version\":1,\"name\":\"Client " + c + "\",\"contacts\":["
                    + String.join(",", contacts) + "],\"vendor_ids\":{\"paymo-contacts\":" + (100 + c) + "}}");
        }
        try (SyncTestApp app = SyncTestApp.start(Map.of("source.url", FeedStub.pages(wm, List.of(changes)),
                "vendors.enabled", "paymo-contacts", "vendor.paymo-contacts.base-url", wm.baseUrl() + "/api",
                "vendor.paymo-contacts.api-key", "throttle-key-1", "vendor.paymo-contacts.rate-limit", "3",
                "vendor.paymo-contacts.rate-period-ms", "1000"))) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("paymo-contacts", "delivered")).isEqualTo(3);
        }
        List<Long> times = wm.findAll(postRequestedFor(urlEqualTo("/api/clientcontacts"))).stream()
                .map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(times).hasSize(9);
        for (int i = 0; i + 3 < times.size(); i++) {
            assertThat(times.get(i + 3) - times.get(i))
                    .as("ms from request %d to request %d (a 4th request in one period)", i, i + 3)
                    .isGreaterThanOrEqualTo(1000 - 25);
        }
        assertThat(times.get(8) - times.get(0)).isGreaterThanOrEqualTo(2000 - 25);
    }
}
