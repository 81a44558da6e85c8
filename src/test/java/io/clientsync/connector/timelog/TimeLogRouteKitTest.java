package io.clientsync.connector.timelog;

import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.sandbox.TimeLogSimulator;
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

/**
 * FatoraRouteKitTest's pattern for routes/vendor-timelog.camel.yaml: one change through the production path, with the
 * country and currency looked up in TimeLog's lists (the simulator serves them) before the full-model update.
 */
@CamelMainTest(mainClass = ClientSyncCommand.class, configurationClasses = ClientSyncConfiguration.class,
        propertyPlaceholderLocations = "file:application.properties",
        mockEndpoints = "http*",
        properties = {"sync.scheduled=false", "camel.management.enabled=false", "vendors.enabled=timelog",
                "state.url=jdbc:h2:mem:timelog-kit;DB_CLOSE_DELAY=-1"})
class TimeLogRouteKitTest extends RouteKitCase {
    private static final String TOKEN = "kit-timelog-token";
    private static final String CHANGE = "{\"id\":\"kit-1\",\"version\":1,\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\","
            + "\"status\":\"active\",\"currency\":\"DKK\",\"address\":{\"line1\":\"Havnegade 1\","
            + "\"city\":\"Copenhagen\",\"postal_code\":\"1058\",\"country\":\"DK\"},"
            + "\"vendor_fields\":{\"timelog\":{\"CreditorID\":\"000123\"}},\"vendor_ids\":{\"timelog\":4001}}";
    /** VENDORS.md "timelog": the whole model every time, null where the change has nothing (TimeLog blanks the rest). */
    private static final String EXPECTED = "{\"CustomerID\":4001,\"Name\":\"Kit ApS\",\"NickName\":null,"
            + "\"CustomerNo\":null,\"Email\":\"kit@x.dk\",\"Phone\":null,\"Fax\":null,\"Website\":null,"
            + "\"Address\":\"Havnegade 1\",\"Address2\":null,\"Address3\":null,\"ZipCode\":\"1058\","
            + "\"City\":\"Copenhagen\",\"State\":null,\"CountryID\":45,\"CurrencyID\":1,\"VatNo\":null,"
            + "\"OrganizationNo\":null,\"CustomerSince\":null,\"CustomerStatusID\":1,\"IndustryID\":null,"
            + "\"UseInvoicingAddress\":false,\"InvoicingName\":null,\"InvoicingAddress\":null,"
            + "\"InvoicingAddress2\":null,\"InvoicingAddress3\":null,\"InvoicingAddressZipCode\":null,"
            + "\"InvoicingAddressCity\":null,\"InvoicingAddressState\":null,\"InvoicingAddressCountryID\":null,"
            + "\"PrimaryKAMID\":null,\"SecondaryKAMID\":null,\"CreditorID\":\"000123\"}";
    private static TimeLogSimulator timelog;

    @BeforeAll
    static void peers() {
        timelog = new TimeLogSimulator(TOKEN, Set.of(4001L), Map.of("DK", 45, "SE", 46), Map.of("DKK", 1, "EUR", 2),
                Set.of(1, 2, 3), Set.of(4));
        SandboxFeed feed = new SandboxFeed(List.of(CHANGE));
        peers = new RouteKit.Peers(Map.of("source.url", feed.url(), "vendor.timelog.base-url", timelog.baseUrl(),
                "vendor.timelog.token", TOKEN), timelog, feed);
    }

    @Test
    void oneChangeGoesFromAFeedPageThroughTimeLogsPoolToTheSettle() throws Exception {
        CamelContext context = context();
        Exchange sent = RouteKit.deliverOne(context, "timelog", timelog.baseUrl() + "/customer/update");
        assertThat(sent.getIn().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("PUT");
        RouteKit.assertJson(sent.getIn().getBody(String.class), EXPECTED);
        assertThat(timelog.updates()).isEqualTo(1);
        assertThat(timelog.lookups()).as("the country and currency lists, once each").isEqualTo(2);
        RouteKit.assertSettled(context, "timelog");
    }
}
