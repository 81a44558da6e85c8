package io.clientsync.connector.fatora;

import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.sandbox.SandboxFeed;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.testing.RouteKit;
import io.clientsync.testing.RouteKitCase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

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
class FatoraRouteKitTest extends RouteKitCase {
    private static final String KEY = "kit-key-123";
    private static final String CHANGE = "{\"id\":\"kit-1\",\"version\":4,\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\","
            + "\"phone\":\"+45 70 00 00 01\",\"address\":{\"line1\":\"Havnegade 1\",\"city\":\"Copenhagen\","
            + "\"postal_code\":\"1058\",\"country\":\"DK\"},\"vendor_ids\":{\"fatora\":77}}";
    /** VENDORS.md "fatora": every mapped field, the address as one line. */
    private static final String EXPECTED = "{\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\",\"phone\":\"+45 70 00 00 01\","
            + "\"address\":\"Havnegade 1, Copenhagen, 1058, DK\"}";
    private static FatoraSimulator fatora;

    @BeforeAll
    static void peers() {
        fatora = new FatoraSimulator(KEY, Set.of(77L));
        SandboxFeed feed = new SandboxFeed(List.of(CHANGE));
        peers = new RouteKit.Peers(Map.of("source.url", feed.url(), "vendor.fatora.base-url", fatora.baseUrl(),
                "vendor.fatora.api-key", KEY), fatora, feed);
    }

    @Test
    void oneChangeGoesFromAFeedPageThroughFatorasPoolToTheSettle() throws Exception {
        CamelContext context = context();
        // a run as --once makes it; a NotifyBuilder waits for fatora-batch; the one call Fatora got, from its mock
        Exchange sent = RouteKit.deliverOne(context, "fatora", fatora.baseUrl());
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
