package io.clientsync.connector.fatora;

import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.delivery.RunStats;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.sandbox.SandboxFeed;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.testing.RouteKit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pattern for proving an edit of routes/vendor-fatora.camel.yaml (or its mapper, or a setting) with the Camel
 * test kit, through the production path: the real route files and settings under {@code @CamelMainTest}, a feed
 * page with one change, the run as {@code --once} makes it (the inbox, Fatora's pipeline and pool, the settle),
 * Fatora's strict simulator as the peer. {@code mockEndpoints = "http*"} puts a mock in front of every HTTP endpoint
 * that records and still sends, so the test reads what Fatora was sent; NotifyBuilder says the delivery route ran.
 */
@CamelMainTest(mainClass = ClientSyncCommand.class, configurationClasses = ClientSyncConfiguration.class,
        propertyPlaceholderLocations = "file:application.properties",
        mockEndpoints = "http*",
        properties = {"sync.scheduled=false", "camel.management.enabled=false", "vendors.enabled=fatora",
                "state.url=jdbc:h2:mem:fatora-kit;DB_CLOSE_DELAY=-1"})
class FatoraRouteKitTest {
    private static final String KEY = "kit-key-123";
    private static final String CHANGE = "{\"id\":\"kit-1\",\"version\":4,\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\","
            + "\"phone\":\"+45 70 00 00 01\",\"address\":{\"line1\":\"Havnegade 1\",\"city\":\"Copenhagen\","
            + "\"postal_code\":\"1058\",\"country\":\"DK\"},\"vendor_ids\":{\"fatora\":77}}";
    /** VENDORS.md "fatora": every mapped field, the address as one line. */
    private static final String EXPECTED = "{\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\",\"phone\":\"+45 70 00 00 01\","
            + "\"address\":\"Havnegade 1, Copenhagen, 1058, DK\"}";
    private static FatoraSimulator fatora;
    private static SandboxFeed feed;
    private static Map<String, String> peers;

    @BeforeAll
    static void peers() {
        fatora = new FatoraSimulator(KEY, Set.of(77L));
        feed = new SandboxFeed(List.of(CHANGE));
        peers = Map.of("source.url", feed.url(), "vendor.fatora.base-url", fatora.baseUrl(),
                "vendor.fatora.api-key", KEY);
        RouteKit.use(peers);
    }

    @AfterAll
    static void stopPeers() {
        RouteKit.clear(peers);
        fatora.close();
        feed.close();
    }

    @Produce
    ProducerTemplate template;

    @Test
    void oneChangeGoesFromAFeedPageThroughFatorasPoolToTheSettle() throws Exception {
        CamelContext context = template.getCamelContext();
        // the batch the pipeline took from the inbox (the split's copies of it went through deliver-fatora)
        NotifyBuilder delivered = new NotifyBuilder(context).fromRoute("fatora-batch").whenCompleted(1).create();

        RunStats run = RouteKit.runOnce(context);

        assertThat(delivered.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run.count("fatora", "delivered")).isEqualTo(1);
        MockEndpoint calls = RouteKit.vendorCall(context, fatora.baseUrl());
        calls.expectedMessageCount(1);
        calls.assertIsSatisfied();
        Exchange sent = calls.getReceivedExchanges().get(0);
        assertThat(sent.getIn().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("PUT");
        assertThat(sent.getIn().getHeader(Exchange.HTTP_PATH, String.class)).isEqualTo("/clients/77");
        assertThat(sent.getIn().getHeader("Authorization", String.class)).startsWith("Bearer ");
        RouteKit.assertJson(sent.getIn().getBody(String.class), EXPECTED);
        assertThat(fatora.updates()).as("Fatora took the update").isEqualTo(1);
        // the settle: the ledger row of the version delivered, and Fatora's position at the inbox's head
        Ledger ledger = context.getRegistry().lookupByNameAndType("ledger", Ledger.class);
        assertThat(ledger.find("fatora", "kit-1")).get().extracting(LedgerEntry::version).isEqualTo(4L);
        RouteKit.assertSettled(context, "fatora");
    }
}
