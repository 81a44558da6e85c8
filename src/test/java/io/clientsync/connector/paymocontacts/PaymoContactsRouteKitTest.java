package io.clientsync.connector.paymocontacts;

import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.sandbox.PaymoContactsSimulator;
import io.clientsync.state.XrefStore;
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
 * FatoraRouteKitTest's pattern for routes/vendor-paymo-contacts.camel.yaml: one change through the production path;
 * its contact is created under the Paymo client and the id Paymo gives is kept (xref) before the batch settles.
 */
@CamelMainTest(mainClass = ClientSyncCommand.class, configurationClasses = ClientSyncConfiguration.class,
        propertyPlaceholderLocations = "file:application.properties",
        mockEndpoints = "http*",
        properties = {"sync.scheduled=false", "camel.management.enabled=false", "vendors.enabled=paymo-contacts",
                "state.url=jdbc:h2:mem:paymo-contacts-kit;DB_CLOSE_DELAY=-1"})
class PaymoContactsRouteKitTest extends RouteKitCase {
    private static final String KEY = "kit-paymo-contacts-key";
    private static final String CHANGE = "{\"id\":\"kit-1\",\"version\":1,\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\","
            + "\"contacts\":[{\"id\":\"main\",\"name\":\"Eva Holm\",\"email\":\"eva@x.dk\",\"phone\":\"+45 1\","
            + "\"is_main\":true}],\"vendor_ids\":{\"paymo-contacts\":3001}}";
    /** VENDORS.md "paymo-contacts": a new contact is created under the client, with its non-empty fields. */
    private static final String EXPECTED = "{\"client_id\":3001,\"name\":\"Eva Holm\",\"email\":\"eva@x.dk\","
            + "\"phone\":\"+45 1\",\"is_main\":true}";
    private static PaymoContactsSimulator paymo;

    @BeforeAll
    static void peers() {
        paymo = new PaymoContactsSimulator(KEY, Set.of(3001L), 5, 5000);
        SandboxFeed feed = new SandboxFeed(List.of(CHANGE));
        peers = new RouteKit.Peers(Map.of("source.url", feed.url(), "vendor.paymo-contacts.base-url", paymo.baseUrl(),
                "vendor.paymo-contacts.api-key", KEY), paymo, feed);
    }

    @Test
    void oneChangeGoesFromAFeedPageThroughPaymoContactsPoolToTheSettle() throws Exception {
        CamelContext context = context();
        Exchange sent = RouteKit.deliverOne(context, "paymo-contacts", paymo.baseUrl());
        assertThat(sent.getIn().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("POST");
        assertThat(sent.getIn().getHeader(Exchange.HTTP_PATH, String.class)).isEqualTo("/clientcontacts");
        RouteKit.assertJson(sent.getIn().getBody(String.class), EXPECTED);
        assertThat(paymo.contacts()).hasSize(1);
        long id = paymo.contacts().keySet().iterator().next();
        assertThat(context.getRegistry().lookupByNameAndType("xrefStore", XrefStore.class)
                .find("paymo-contacts", "contact", "kit-1/main")).as("the id Paymo gave, kept").contains(Long.toString(id));
        RouteKit.assertSettled(context, "paymo-contacts");
    }
}
