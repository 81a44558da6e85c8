package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox with both Paymo simulators: every valid sample change reaches them; the simulators are strict. */
class PaymoSandboxTest {
    private static Sandbox sandbox;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(false);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void everyValidSampleChangeIsDeliveredToBothPaymoVendors() {
        Map<String, String> s = new HashMap<>(sandbox.settings());
        s.put("state.url", SyncTestApp.memoryStore());
        s.put("vendors.enabled", "paymo,paymo-contacts");
        try (SyncTestApp app = SyncTestApp.start(s)) {
            RunStats stats = app.runOnce();
            for (String vendor : new String[] {"paymo", "paymo-contacts"}) {
                assertThat(stats.count(vendor, "delivered")).as(vendor).isEqualTo(43);
                assertThat(stats.count(vendor, "no-id")).as(vendor).isEqualTo(5);
                assertThat(stats.count(vendor, "deleted")).as(vendor).isEqualTo(2);
                assertThat(stats.count(vendor, "dead-lettered")).as(vendor).isZero();
            }
            assertThat(app.deadLetters()).extracting(DeadLetter::vendor).containsOnly("source").hasSize(4);
        }
        Map<Long, Map<String, String>> clients = sandbox.paymo().clients();
        assertThat(clients).hasSize(43);
        assertThat(clients.get(2012L)).containsEntry("name", "Client 12 ApS")
                .containsEntry("phone", "+45 70 00 00 12").containsEntry("contact_name", "Contact 12 Main");
        Map<Long, ObjectNode> contacts = new HashMap<>(sandbox.paymoContacts().contacts());
        contacts.values().removeIf(c -> !c.path("name").asText().startsWith("Contact ")); // not the strictness tests'
        // 43 clients with a main contact, the 20 even ones with a second one
        assertThat(contacts).hasSize(43 + 20);
        assertThat(contacts.values().stream().filter(c -> c.has("image_type")).count()).isEqualTo(5);
        assertThat(contacts.values().stream().filter(c -> c.path("access").asBoolean(false)
                && c.path("password_set").asBoolean(false)).count()).isEqualTo(5);
        assertThat(sandbox.paymoContacts().rateLimited()).isZero();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theLegacySimulatorRefusesAWrongFieldAMissingTokenAndAWrongMethod() throws Exception {
        String base = sandbox.paymo().baseUrl();
        String login = "format=json&api_key=" + Sandbox.PAYMO_KEY + "&username=" + Sandbox.PAYMO_USER
                + "&password=" + Sandbox.PAYMO_PASSWORD;
        var token = send(HttpRequest.newBuilder(URI.create(base + "/paymo.auth.login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(login)).build());
        String t = token.body().replaceAll(".*\"_content\":\"([^\"]+)\".*", "$1");
        String update = "format=json&api_key=" + Sandbox.PAYMO_KEY + "&auth_token=" + t + "&client_id=2001";
        var wrongField = send(HttpRequest.newBuilder(URI.create(base + "/paymo.clients.update"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(update + "&company_name=X")).build());
        assertThat(wrongField.statusCode()).isEqualTo(200);
        assertThat(wrongField.body()).contains("\"status\":\"error\"").contains("103");
        var noToken = send(HttpRequest.newBuilder(URI.create(base + "/paymo.clients.update"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("format=json&api_key=" + Sandbox.PAYMO_KEY
                        + "&client_id=2001&name=X")).build());
        assertThat(noToken.body()).contains("104");
        var wrongMethod = send(HttpRequest.newBuilder(URI.create(base + "/paymo.clients.update")).GET().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        var ok = send(HttpRequest.newBuilder(URI.create(base + "/paymo.clients.update"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(update + "&website=https%3A%2F%2Fx.dk")).build());
        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void theContactsSimulatorRefusesAWrongFieldMissingAuthAndAWrongMethod() throws Exception {
        String base = sandbox.paymoContacts().baseUrl() + "/clientcontacts";
        String auth = "Basic " + Base64.getEncoder().encodeToString((Sandbox.PAYMO_CONTACTS_KEY + ":X").getBytes());
        var noAuth = send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":3001,\"name\":\"A\"}")).build());
        assertThat(noAuth.statusCode()).isEqualTo(401);
        var wrongField = send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":3001,\"full_name\":\"A\"}")).build());
        assertThat(wrongField.statusCode()).isEqualTo(400);
        assertThat(wrongField.body()).contains("full_name");
        var noType = send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":3001,\"name\":\"A\"}")).build());
        assertThat(noType.statusCode()).isEqualTo(400);
        var wrongMethod = send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"A\"}")).build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        var created = send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":3001,\"name\":\"A\"}")).build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"clientcontacts\":[{");
    }
}
