package io.clientsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.RunStats;
import io.clientsync.pipeline.SyncRunner;
import io.clientsync.state.Inbox;
import io.clientsync.state.VendorPositions;
import io.clientsync.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a vendor's route-kit test needs around {@code @CamelMainTest}: the peers' settings in before the context
 * starts (system properties win over application.properties), one run of the production path, the mock that
 * recorded the vendor's HTTP calls ({@code mockEndpoints = "http*"} records and still sends), and JSON comparisons.
 */
public final class RouteKit {
    private RouteKit() {
    }

    /** Settings for the context the test class starts (call in {@code @BeforeAll}; {@link #clear} after). */
    public static void use(Map<String, String> settings) {
        settings.forEach(System::setProperty);
    }

    public static void clear(Map<String, String> settings) {
        settings.keySet().forEach(System::clearProperty);
    }

    /** One run as {@code --once} makes it: the source reads the feed into the inbox, each vendor delivers and settles. */
    public static RunStats runOnce(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("syncRunner", SyncRunner.class).run("once");
    }

    /** The mock in front of the vendor's endpoint under this URL (its host, port and path). */
    public static MockEndpoint vendorCall(CamelContext context, String url) {
        URI uri = URI.create(url);
        String hostPort = uri.getHost() + ":" + uri.getPort() + uri.getPath();
        return context.getEndpoints().stream()
                .filter(e -> e instanceof MockEndpoint && e.getEndpointUri().contains(hostPort))
                .map(MockEndpoint.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no mock endpoint for " + hostPort + " among "
                        + context.getEndpoints()));
    }

    /** Equal as JSON: the same fields and values, whatever the order and spacing. */
    public static void assertJson(String actual, String expected) throws IOException {
        JsonNode a = Json.MAPPER.readTree(actual);
        JsonNode e = Json.MAPPER.readTree(expected);
        assertThat(a).as("sent %s%nexpected %s", actual, expected).isEqualTo(e);
    }

    /** The vendor's position has reached the inbox's head: the batch settled. */
    public static void assertSettled(CamelContext context, String vendor) {
        long head = context.getRegistry().lookupByNameAndType("inbox", Inbox.class).head();
        assertThat(context.getRegistry().lookupByNameAndType("vendorPositions", VendorPositions.class).of(vendor)
                .position()).as(vendor + "'s position").isEqualTo(head).isPositive();
    }
}
