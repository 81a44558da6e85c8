package io.clientsync.connector.paymo;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.AuthRejectedException;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.TransientDeliveryException;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The legacy API's auth token: {@code paymo.auth.login} with api_key, username and password answers
 * {@code {"status":"ok","token":{"_content":"..."}}}. The token is kept until Paymo answers error 104; then the
 * answer interpreter invalidates it and the one retry logs in again. Also builds the form body of each call, since
 * that body carries api_key and auth_token.
 */
public final class PaymoTokenCache {
    /** Exchange property: which token generation a call used, so one 104 invalidates only that token. */
    static final String GENERATION = "clientSyncPaymoTokenGeneration";

    private final URI loginUri;
    private final String apiKey;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final HttpClient http;
    private String token;
    private long generation;
    private int logins;

    public PaymoTokenCache(String baseUrl, String apiKey, String username, String password, Duration timeout) {
        this.loginUri = URI.create(baseUrl.replaceAll("/+$", "") + "/paymo.auth.login");
        this.apiKey = apiKey;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Route step: the form body of {@code paymo.clients.update} with a valid token and the fields to send. */
    public void request(Exchange exchange) {
        String current;
        long gen;
        synchronized (this) {
            if (token == null) {
                token = login();
                generation++;
            }
            current = token;
            gen = generation;
        }
        exchange.setProperty(GENERATION, gen);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("format", "json");
        form.put("api_key", apiKey);
        form.put("auth_token", current);
        form.put("client_id", exchange.getProperty(DeliveryKeys.VENDOR_ID, String.class));
        @SuppressWarnings("unchecked")
        Map<String, String> fields = exchange.getProperty(PaymoLegacyMapper.FIELDS, Map.class);
        form.putAll(fields);
        exchange.getIn().setBody(PaymoForm.encode(form));
    }

    /** Error 104 came back for a call made with generation {@code gen}: forget that token (not a newer one). */
    public synchronized void invalidate(long gen) {
        if (gen == generation) {
            token = null;
        }
    }

    /** Logins so far (tests, metrics). */
    public synchronized int logins() {
        return logins;
    }

    private String login() {
        logins++;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("format", "json");
        form.put("api_key", apiKey);
        form.put("username", username);
        form.put("password", password);
        HttpRequest request = HttpRequest.newBuilder(loginUri)
                .timeout(timeout)
                .header("Content-Type", PaymoForm.CONTENT_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PaymoForm.encode(form), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransientDeliveryException("Paymo login failed: " + e, null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryException("Paymo login interrupted", null, null, null);
        }
        int status = response.statusCode();
        if (status != 200) {
            throw new TransientDeliveryException("Paymo login answered HTTP " + status + ": "
                    + Json.truncate(response.body(), 200), status, null, null);
        }
        JsonNode json = PaymoLegacyAnswer.parse(response.body());
        if (json == null) {
            throw new TransientDeliveryException("Paymo login answered no JSON: " + Json.truncate(response.body(),
                    200), status, null, null);
        }
        if ("ok".equals(json.path("status").asText())) {
            JsonNode t = json.path("token");
            String value = t.isTextual() ? t.textValue() : t.path("_content").asText("");
            if (!value.isEmpty()) {
                Secrets.register(value);
                return value;
            }
        }
        String code = PaymoLegacyAnswer.code(json);
        String message = "Paymo login refused: " + PaymoLegacyAnswer.detail(json);
        if (PaymoLegacyAnswer.TRANSIENT.contains(code)) {
            throw new TransientDeliveryException(message, status, code, null);
        }
        throw new AuthRejectedException(message, status, code);
    }
}
