package io.clientsync.connector.everlytic;

import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.sandbox.EverlyticSimulator;
import io.clientsync.sandbox.SandboxFeed;
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

/** FatoraRouteKitTest's pattern for routes/vendor-everlytic.camel.yaml (REST): one change through the production path. */
@CamelMainTest(mainClass = ClientSyncCommand.class, configurationClasses = ClientSyncConfiguration.class,
        propertyPlaceholderLocations = "file:application.properties",
        mockEndpoints = "http*",
        properties = {"sync.scheduled=false", "camel.management.enabled=false", "vendors.enabled=everlytic",
                "state.url=jdbc:h2:mem:everlytic-kit;DB_CLOSE_DELAY=-1"})
class EverlyticRouteKitTest extends RouteKitCase {
    private static final String CHANGE = "{\"id\":\"kit-1\",\"version\":2,\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\","
            + "\"phone\":\"+45 70 00 00 01\",\"status\":\"inactive\",\"address\":{\"line1\":\"Havnegade 1\","
            + "\"city\":\"Copenhagen\",\"postal_code\":\"1058\",\"country\":\"DK\"},"
            + "\"vendor_fields\":{\"everlytic\":{\"email_quota\":1000}},\"vendor_ids\":{\"everlytic\":5001}}";
    /** VENDORS.md "everlytic": the first delivery sends every mapped field; status inactive is "off". */
    private static final String EXPECTED = "{\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\",\"status\":\"off\","
            + "\"address\":\"Havnegade 1\",\"postal_code\":\"1058\",\"country\":\"DK\","
            + "\"telephone\":\"+45 70 00 00 01\",\"unique_id\":\"kit-1\",\"email_quota\":1000}";
    private static EverlyticSimulator everlytic;

    @BeforeAll
    static void peers() {
        everlytic = new EverlyticSimulator("kit", "kit-everlytic-key", "UpdateCustomer", Set.of(5001L));
        SandboxFeed feed = new SandboxFeed(List.of(CHANGE));
        peers = new RouteKit.Peers(Map.of("source.url", feed.url(), "vendor.everlytic.base-url", everlytic.baseUrl(),
                "vendor.everlytic.username", "kit", "vendor.everlytic.api-key", "kit-everlytic-key"), everlytic, feed);
    }

    @Test
    void oneChangeGoesFromAFeedPageThroughEverlyticsPoolToTheSettle() throws Exception {
        CamelContext context = context();
        Exchange sent = RouteKit.deliverOne(context, "everlytic", everlytic.baseUrl());
        assertThat(sent.getIn().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("PUT");
        assertThat(sent.getIn().getHeader(Exchange.HTTP_PATH, String.class)).isEqualTo("/customers/5001");
        RouteKit.assertJson(sent.getIn().getBody(String.class), EXPECTED);
        assertThat(everlytic.updates()).isEqualTo(1);
        RouteKit.assertSettled(context, "everlytic");
    }
}
