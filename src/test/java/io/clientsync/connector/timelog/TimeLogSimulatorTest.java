package io.clientsync.connector.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.sandbox.TimeLogSimulator;
import io.clientsync.support.Json;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's TimeLog refuses what TimeLog refuses, and takes what the connector sends. */
class TimeLogSimulatorTest {
    private static final String TOKEN = "sim-token";
    private final HttpClient http = HttpClient.newHttpClient();
    private TimeLogSimulator sim;

    @BeforeEach
    void start() {
        sim = new TimeLogSimulator(TOKEN, Set.of(42L), Map.of("DK", 45, "SE", 46), Map.of("DKK", 1, "EUR", 2),
                Set.of(1, 2, 3), Set.of(4));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ObjectNode fullModel() {
        ObjectNode m = Json.MAPPER.createObjectNode();
        TimeLogSimulator.MODEL.forEach(m::putNull);
        m.put("CustomerID", 42).put("Name", "Acme").put("UseInvoicingAddress", false);
        return m;
    }

    private HttpResponse<String> put(String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/customer/update"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesAPartialBodyAnUnknownFieldAndABadToken() throws Exception {
        ObjectNode partial = fullModel();
        partial.remove("Fax");
        HttpResponse<String> r = put(TOKEN, Json.write(partial));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(Json.MAPPER.readTree(r.body()).path("Code").asInt()).isEqualTo(100);
        assertThat(r.body()).contains("Fax is missing");

        ObjectNode extra = fullModel().put("Mobile", "1");
        r = put(TOKEN, Json.write(extra));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("unknown field Mobile");

        ObjectNode badCountry = fullModel().put("CountryID", 999);
        assertThat(put(TOKEN, Json.write(badCountry)).body()).contains("CountryID 999 is unknown");

        assertThat(put(null, Json.write(fullModel())).statusCode()).isEqualTo(401);
        assertThat(put("wrong", Json.write(fullModel())).statusCode()).isEqualTo(401);

        ObjectNode unknown = fullModel().put("CustomerID", 7);
        r = put(TOKEN, Json.write(unknown));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(Json.MAPPER.readTree(r.body()).path("Code").asInt()).isEqualTo(102);

        assertThat(sim.updates()).isZero();
        r = put(TOKEN, Json.write(fullModel()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("Properties").path("Name").asText()).isEqualTo("Acme");
        assertThat(sim.customers().get(42L).get("Name").asText()).isEqualTo("Acme");
    }

    /** TimeLog's model types CreditorID as a string: kept as one, and another type is a validation refusal. */
    @Test
    void storesCreditorIdAsAStringAndRefusesAnyOtherTypeAsValidation() throws Exception {
        HttpResponse<String> r = put(TOKEN, Json.write(fullModel().put("CreditorID", "CR-1001")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode stored = sim.customers().get(42L).get("CreditorID");
        assertThat(stored.isTextual()).as("stored CreditorID %s is a string", stored).isTrue();
        assertThat(stored.textValue()).isEqualTo("CR-1001");
        assertThat(put(TOKEN, Json.write(fullModel().put("CreditorID", "000123"))).statusCode()).isEqualTo(200);
        assertThat(sim.customers().get(42L).get("CreditorID").textValue()).isEqualTo("000123");

        for (ObjectNode wrong : List.of(fullModel().put("CreditorID", 77), fullModel().put("CreditorID", true))) {
            r = put(TOKEN, Json.write(wrong));
            assertThat(r.statusCode()).isEqualTo(500);
            JsonNode answer = Json.MAPPER.readTree(r.body());
            assertThat(answer.path("Code").asInt()).isEqualTo(100);
            assertThat(answer.path("Details").toString()).contains("CreditorID must be a string");
        }
        assertThat(sim.updates()).isEqualTo(2);
        assertThat(sim.customers().get(42L).get("CreditorID").textValue()).isEqualTo("000123");
    }

    @Test
    void refusesTheOtherWrongTypesOfTheModelAsValidation() throws Exception {
        Map<ObjectNode, String> wrong = Map.of(
                fullModel().put("PrimaryKAMID", "12"), "PrimaryKAMID must be an integer",
                fullModel().put("SecondaryKAMID", 1.5), "SecondaryKAMID must be an integer",
                fullModel().put("CustomerID", "42"), "CustomerID must be an integer",
                fullModel().put("UseInvoicingAddress", "false"), "UseInvoicingAddress must be a boolean",
                fullModel().put("ZipCode", 800), "ZipCode must be a string",
                fullModel().put("CustomerNo", 123), "CustomerNo must be a string");
        for (Map.Entry<ObjectNode, String> w : wrong.entrySet()) {
            HttpResponse<String> r = put(TOKEN, Json.write(w.getKey()));
            assertThat(r.statusCode()).as(w.getValue()).isEqualTo(500);
            assertThat(Json.MAPPER.readTree(r.body()).path("Code").asInt()).isEqualTo(100);
            assertThat(r.body()).contains(w.getValue());
        }
        assertThat(sim.updates()).isZero();
        assertThat(put(TOKEN, Json.write(fullModel().put("PrimaryKAMID", 12).put("ZipCode", "0800")))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void theConnectorDeliversToTheSimulatorWithLookedUpIds() {
        WireMockServer feed = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        feed.start();
        try {
            String change = "{\"id\":\"c-1\",\"version\":1,\"name\":\"Acme & Søn\",\"email\":\"a@acme.dk\","
                    + "\"status\":\"active\",\"industry\":\"Hospitality, Travel & Tourism\",\"currency\":\"EUR\","
                    + "\"customer_since\":\"2021-02-03\",\"address\":{\"line1\":\"Main 1\",\"country\":\"SE\"},"
                    + "\"vendor_fields\":{\"timelog\":{\"CreditorID\":\"CR-1001\",\"PrimaryKAMID\":12}},"
                    + "\"vendor_ids\":{\"timelog\":42}}";
            try (SyncTestApp app = SyncTestApp.start(Map.of("source.url", FeedStub.pages(feed,
                    List.of(List.of(change))), "vendors.enabled", "timelog", "vendor.timelog.base-url",
                    sim.baseUrl(), "vendor.timelog.token", TOKEN,
                    "vendor.timelog.industry-ids", "Hospitality, Travel & Tourism=4"))) {
                assertThat(app.runOnce().count("timelog", "delivered")).isEqualTo(1);
                assertThat(app.deadLetters()).isEmpty();
            }
        } finally {
            feed.stop();
        }
        JsonNode stored = sim.customers().get(42L);
        assertThat(stored.get("Name").asText()).isEqualTo("Acme & Søn");
        assertThat(stored.get("CountryID").asInt()).isEqualTo(46);
        assertThat(stored.get("CurrencyID").asInt()).isEqualTo(2);
        assertThat(stored.get("IndustryID").asInt()).isEqualTo(4);
        assertThat(stored.get("CustomerStatusID").asInt()).isEqualTo(1);
        assertThat(stored.get("CustomerSince").asText()).isEqualTo("2021-02-03T00:00:00");
        assertThat(stored.get("Phone").isNull()).isTrue();
        assertThat(stored.get("CreditorID").isTextual()).as("CreditorID stored as a string").isTrue();
        assertThat(stored.get("CreditorID").textValue()).isEqualTo("CR-1001");
        assertThat(stored.get("PrimaryKAMID").isIntegralNumber()).isTrue();
        assertThat(sim.lookups()).isEqualTo(2);
        assertThat(sim.updates()).isEqualTo(1);
    }
}
