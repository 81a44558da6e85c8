package io.clientsync.connector.paymo;

import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.sandbox.PaymoLegacySimulator;
import io.clientsync.sandbox.SandboxFeed;
import io.clientsync.testing.RouteKit;
import io.clientsync.testing.RouteKitCase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FatoraRouteKitTest's pattern for routes/vendor-paymo.camel.yaml: one change through the production path. Paymo's
 * legacy API takes a form, so the body is compared field by field (the token is the simulator's own).
 */
@CamelMainTest(mainClass = ClientSyncCommand.class, configurationClasses = ClientSyncConfiguration.class,
        propertyPlaceholderLocations = "file:application.properties",
        mockEndpoints = "http*",
        properties = {"sync.scheduled=false", "camel.management.enabled=false", "vendors.enabled=paymo",
                "state.url=jdbc:h2:mem:paymo-kit;DB_CLOSE_DELAY=-1"})
class PaymoRouteKitTest extends RouteKitCase {
    private static final String KEY = "kit-paymo-key";
    private static final String CHANGE = "{\"id\":\"kit-1\",\"version\":3,\"name\":\"Kit ApS\",\"email\":\"kit@x.dk\","
            + "\"phone\":\"+45 70 00 00 01\",\"address\":{\"line1\":\"Havnegade 1\",\"city\":\"Copenhagen\","
            + "\"postal_code\":\"1058\",\"country\":\"DK\"},\"contacts\":[{\"id\":\"main\",\"name\":\"Eva Holm\","
            + "\"email\":\"eva@x.dk\",\"is_main\":true}],\"vendor_ids\":{\"paymo\":2001}}";
    /** VENDORS.md "paymo": the first delivery sends every non-empty mapped field, the main contact's as contact_*. */
    private static final Map<String, String> EXPECTED = Map.of("format", "json", "api_key", KEY, "client_id", "2001",
            "name", "Kit ApS", "address", "Havnegade 1", "city", "Copenhagen", "postal_code", "1058",
            "country", "DK", "phone", "+45 70 00 00 01", "email", "kit@x.dk");
    private static PaymoLegacySimulator paymo;

    @BeforeAll
    static void peers() {
        paymo = new PaymoLegacySimulator(KEY, "kit@x.dk", "kit-password", Set.of(2001L));
        SandboxFeed feed = new SandboxFeed(List.of(CHANGE));
        peers = new RouteKit.Peers(Map.of("source.url", feed.url(), "vendor.paymo.base-url", paymo.baseUrl(),
                "vendor.paymo.api-key", KEY, "vendor.paymo.username", "kit@x.dk",
                "vendor.paymo.password", "kit-password"), paymo, feed);
    }

    @Test
    void oneChangeGoesFromAFeedPageThroughPaymosPoolToTheSettle() throws Exception {
        CamelContext context = context();
        Exchange sent = RouteKit.deliverOne(context, "paymo", paymo.baseUrl() + "/paymo.clients.update");
        assertThat(sent.getIn().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("POST");
        Map<String, String> form = form(sent.getIn().getBody(String.class));
        assertThat(form.remove("auth_token")).as("the token paymo.auth.login gave").isNotBlank();
        Map<String, String> expected = new LinkedHashMap<>(EXPECTED);
        expected.putAll(Map.of("contact_name", "Eva Holm", "contact_email", "eva@x.dk"));
        assertThat(form).isEqualTo(expected);
        assertThat(paymo.updates()).isEqualTo(1);
        RouteKit.assertSettled(context, "paymo");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
