package io.clientsync.connector.fatora;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.app.ClientSyncConfiguration;
import io.clientsync.change.ClientChange;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.state.Ledger;
import io.clientsync.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pattern for proving an edit of routes/vendor-fatora.yaml with the Camel test kit: the real route files and
 * settings under {@code @CamelMainTest}, the vendor's HTTP call replaced by a mock endpoint, NotifyBuilder to wait.
 */
@CamelMainTest(mainClass = ClientSyncCommand.class, configurationClasses = ClientSyncConfiguration.class,
        propertyPlaceholderLocations = "file:application.properties",
        mockEndpointsAndSkip = "http:*",
        properties = {"sync.scheduled=false", "camel.management.enabled=false", "vendors.enabled=fatora",
                "state.url=jdbc:h2:mem:fatora-kit;DB_CLOSE_DELAY=-1", "vendor.fatora.api-key=kit-key-123"})
class FatoraRouteKitTest {
    private static WireMockServer tokenServer;

    @BeforeAll
    static void tokenServer() {
        tokenServer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        tokenServer.start();
        tokenServer.stubFor(post("/v1/Authorization/Authorize").willReturn(okJson(
                "{\"success\":true,\"bearer_token\":\"kit-token\"}")));
        System.setProperty("vendor.fatora.base-url", "http://127.0.0.1:" + tokenServer.port() + "/v1");
    }

    @AfterAll
    static void stopTokenServer() {
        tokenServer.stop();
        System.clearProperty("vendor.fatora.base-url");
    }

    @org.apache.camel.Produce
    ProducerTemplate template;

    @Test
    void deliverFatoraPutsTheMappedClientAndRecordsTheLedger() throws Exception {
        CamelContext context = template.getCamelContext();
        // the call goes to the base-url endpoint with the client's path in CamelHttpPath; the mock is named by the URI
        // without its parameters
        MockEndpoint fatora = MockEndpoint.resolve(context, "mock:http:127.0.0.1:" + tokenServer.port() + "/v1");
        fatora.expectedMessageCount(1);
        fatora.expectedHeaderReceived(Exchange.HTTP_METHOD, "PUT");
        fatora.expectedHeaderReceived("Authorization", "Bearer kit-token");
        fatora.whenAnyExchangeReceived(e -> {
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            e.getIn().setBody("{\"status\":\"SUCCESS\",\"client\":{}}");
        });
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("deliver-fatora").whenDone(1).create();

        ClientChange change = Json.MAPPER.readValue("{\"id\":\"kit-1\",\"version\":4,\"name\":\"Kit\","
                + "\"email\":\"kit@x.dk\",\"vendor_ids\":{\"fatora\":77}}", ClientChange.class);
        template.sendBody("direct:deliver-fatora", change);

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        fatora.assertIsSatisfied();
        Exchange sent = fatora.getReceivedExchanges().get(0);
        assertThat(sent.getIn().getHeader(Exchange.HTTP_PATH, String.class)).endsWith("/clients/77");
        assertThat(sent.getIn().getBody(String.class)).isEqualTo("{\"name\":\"Kit\",\"email\":\"kit@x.dk\"}");
        Ledger ledger = context.getRegistry().lookupByNameAndType("ledger", Ledger.class);
        assertThat(ledger.find("fatora", "kit-1")).get().extracting(e -> e.version()).isEqualTo(4L);
    }
}
