package io.clientsync.connector.everlytic;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.sandbox.EverlyticSimulator;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's Everlytic refuses what Everlytic refuses, over REST and XML-RPC, and keeps what it takes. */
class EverlyticSimulatorTest {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("u:k"
            .getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newHttpClient();
    private EverlyticSimulator sim;

    @BeforeEach
    void start() {
        sim = new EverlyticSimulator("u", "k", "UpdateCustomer", Set.of(42L));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> put(String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/customers/42"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> xmlRpc(String auth, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.xmlRpcUrl()))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void restRefusesMissingAuthWrongFieldNamesAndUnknownIndustries() throws Exception {
        String ok = "{\"name\":\"A\",\"email\":\"a@a.dk\",\"industry\":\"Automotive\"}";
        assertThat(put(null, ok).statusCode()).isEqualTo(401);
        assertThat(put("Basic " + Base64.getEncoder().encodeToString("u:x".getBytes()), ok).statusCode())
                .isEqualTo(401);
        HttpResponse<String> r = put(BASIC, "{\"name\":\"A\",\"email\":\"a@a.dk\",\"phone\":\"1\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Unknown field: phone");
        r = put(BASIC, "{\"name\":\"A\",\"email\":\"a@a.dk\",\"industry\":\"Hospitality\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(put(BASIC, "{\"name\":\"A\",\"email\":\"a@a.dk\",\"email_quota\":1.5}").statusCode())
                .isEqualTo(422);
        assertThat(put(BASIC, "{\"name\":\"A\",\"email\":\"a@a.dk\",\"country\":\"DNK\"}").statusCode())
                .isEqualTo(422);
        assertThat(sim.updates()).isZero();
        r = put(BASIC, ok);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"item\"").contains("\"links\"");
        assertThat(sim.customers().get(42L).get("industry").asText()).isEqualTo("Automotive");
    }

    @Test
    void xmlRpcAnswersFaultsForRefusalsAndAnIntForSuccess() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "A");
        fields.put("email", "a@a.dk");
        fields.put("industry", "Bakeries");
        assertThat(xmlRpc(null, EverlyticXmlRpc.methodCall("UpdateCustomer", 42, fields)).statusCode())
                .isEqualTo(401);
        HttpResponse<String> r = xmlRpc(BASIC, EverlyticXmlRpc.methodCall("UpdateCustomer", 42, fields));
        EverlyticXmlRpc.Response fault = EverlyticXmlRpc.parse(r.body());
        assertThat(fault.fault()).isTrue();
        assertThat(fault.faultCode()).isEqualTo("422");
        assertThat(fault.faultString()).contains("Invalid industry: Bakeries");
        fields.put("industry", "Retail & Wholesale");
        EverlyticXmlRpc.Response wrongMethod = EverlyticXmlRpc.parse(xmlRpc(BASIC,
                EverlyticXmlRpc.methodCall("Update", 42, fields)).body());
        assertThat(wrongMethod.fault()).isTrue();
        EverlyticXmlRpc.Response ok = EverlyticXmlRpc.parse(xmlRpc(BASIC,
                EverlyticXmlRpc.methodCall("UpdateCustomer", 42, fields)).body());
        assertThat(ok.isInt()).isTrue();
        assertThat(sim.customers().get(42L).get("industry").asText()).isEqualTo("Retail & Wholesale");
    }

    @Test
    void theConnectorDeliversOverXmlRpcWithMarkupAndNonAsciiIntact() {
        WireMockServer feed = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        feed.start();
        try {
            String change = "{\"id\":\"c-1\",\"version\":1,\"name\":\"<Ærø> & Co\",\"email\":\"a@acme.dk\","
                    + "\"industry\":\"Lifestyle, Arts & Entertainment\",\"status\":\"active\","
                    + "\"vendor_fields\":{\"everlytic\":{\"sms_quota\":\"40\"}},\"vendor_ids\":{\"everlytic\":42}}";
            try (SyncTestApp app = SyncTestApp.start(Map.of("source.url", FeedStub.pages(feed,
                    List.of(List.of(change))), "vendors.enabled", "everlytic", "vendor.everlytic.transport", "xmlrpc",
                    "vendor.everlytic.xmlrpc-url", sim.xmlRpcUrl(), "vendor.everlytic.username", "u",
                    "vendor.everlytic.api-key", "k"))) {
                assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
                assertThat(app.deadLetters()).isEmpty();
            }
        } finally {
            feed.stop();
        }
        JsonNode stored = sim.customers().get(42L);
        assertThat(stored.get("name").asText()).isEqualTo("<Ærø> & Co");
        assertThat(stored.get("industry").asText()).isEqualTo("Lifestyle, Arts & Entertainment");
        assertThat(stored.get("status").asText()).isEqualTo("on");
        assertThat(stored.get("sms_quota").asInt()).isEqualTo(40);
        assertThat(stored.get("unique_id").asText()).isEqualTo("c-1");
    }
}
