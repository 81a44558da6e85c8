package io.clientsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.RunStats;
import io.clientsync.pipeline.SyncRunner;
import io.clientsync.state.Inbox;
import io.clientsync.state.VendorPositions;
import io.clientsync.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a vendor's route-kit test needs around {@code @CamelMainTest}: the peers' settings in before the context
 * starts (system properties win over application.properties), one run of the production path, the mock that
 * recorded the vendor's HTTP calls ({@code mockEndpoints = "http*"} records and still sends), JSON comparisons and
 * the settle.
 */
public final class RouteKit {
    private RouteKit() {
    }

    /**
     * The peers of one test class (the feed, the vendor's simulator): their URLs and credentials set as system
     * properties before the context starts (made in {@code @BeforeAll}), cleared and the peers closed after.
     */
    public static final class Peers implements AutoCloseable {
        private final Map<String, String> settings;
        private final List<AutoCloseable> servers;

        public Peers(Map<String, String> settings, AutoCloseable... servers) {
            this.settings = Map.copyOf(settings);
            this.servers = List.of(servers);
            settings.forEach(System::setProperty);
        }

        @Override
        public void close() throws Exception {
            settings.keySet().forEach(System::clearProperty);
            for (AutoCloseable server : servers) {
                server.close();
            }
        }
    }

    /**
     * One run of the production path that must deliver the feed's one change to this vendor: waits for the vendor's
     * batch route with a NotifyBuilder, checks the run's count, and returns the one call the vendor got (from the
     * mock at {@code callUrl}).
     */
    public static Exchange deliverOne(CamelContext context, String vendor, String callUrl) throws InterruptedException {
        NotifyBuilder batch = new NotifyBuilder(context).fromRoute(vendor + "-batch").whenCompleted(1).create();
        RunStats run = runOnce(context);
        assertThat(batch.matches(10, TimeUnit.SECONDS)).as(vendor + "-batch completed").isTrue();
        assertThat(run.count(vendor, "delivered")).as(run.summary()).isEqualTo(1);
        MockEndpoint calls = vendorCall(context, callUrl);
        calls.expectedMessageCount(1);
        calls.assertIsSatisfied();
        return calls.getReceivedExchanges().get(0);
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
