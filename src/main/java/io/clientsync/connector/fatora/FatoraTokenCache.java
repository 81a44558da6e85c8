package io.clientsync.connector.fatora;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.AuthRejectedException;
import io.clientsync.delivery.TransientDeliveryException;
import io.clientsync.support.HeaderValues;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Fatora's bearer token: fetched from {@code POST {root}/Authorization/Authorize} with the api_key header, kept until
 * its JWT {@code exp} minus a margin, and dropped on a 401 so that the retry fetches a new one.
 */
public final class FatoraTokenCache {
    /** Exchange property: which token generation a call used, so one 401 invalidates only that token. */
    static final String GENERATION = "clientSyncFatoraTokenGeneration";
    private static final Duration NO_EXP_TTL = Duration.ofMinutes(10);

    private final URI authorizeUri;
    private final String apiKey;
    private final Duration margin;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;
    private Token token;
    private long generation;
    private int fetches;

    private record Token(String value, Instant refreshAt) {
    }

    public FatoraTokenCache(String baseUrl, String apiKey, Duration margin, Duration timeout, Clock clock) {
        this.authorizeUri = URI.create(baseUrl.replaceAll("/+$", "") + "/Authorization/Authorize");
        this.apiKey = HeaderValues.checked("api_key", apiKey);
        this.margin = margin;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Route step: sets {@code Authorization: Bearer <token>} for the call. */
    public void authorize(Exchange exchange) {
        Token current;
        long gen;
        synchronized (this) {
            if (token == null || !clock.instant().isBefore(token.refreshAt())) {
                token = fetch();
                generation++;
            }
            current = token;
            gen = generation;
        }
        exchange.setProperty(GENERATION, gen);
        exchange.getIn().setHeader("Authorization", "Bearer " + current.value());
    }

    /** A 401 came back for a call made with generation {@code gen}: forget that token (not a newer one). */
    public synchronized void invalidate(long gen) {
        if (gen == generation) {
            token = null;
        }
    }

    /** How many tokens were fetched so far (tests, metrics). */
    public synchronized int fetches() {
        return fetches;
    }

    private Token fetch() {
        fetches++;
        HttpRequest request = HttpRequest.newBuilder(authorizeUri)
                .timeout(timeout)
                .header("api_key", apiKey)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransientDeliveryException("Fatora token request failed: " + e, null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryException("Fatora token request interrupted", null, null, null);
        }
        int status = response.statusCode();
        String body = response.body();
        JsonNode json = parse(body);
        if (status == 200 && json != null && json.path("success").asBoolean(false)
                && json.path("bearer_token").isTextual()) {
            String value = json.get("bearer_token").textValue();
            HeaderValues.checked("Authorization", value);
            Secrets.register(value);
            return new Token(value, refreshAt(value));
        }
        String detail = json != null && json.has("error") ? FatoraAnswer.errorText(json.get("error"))
                : Json.truncate(body, 200);
        if (status == 429 || status >= 500) {
            throw new TransientDeliveryException("Fatora token request answered HTTP " + status + ": " + detail,
                    status, null, null);
        }
        throw new AuthRejectedException("Fatora refused the API key (HTTP " + status + "): " + detail, status, null);
    }

    /** The JWT's exp minus the margin; a token that is no JWT is kept for ten minutes. */
    private Instant refreshAt(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims.path("exp").canConvertToLong()) {
                    return Instant.ofEpochSecond(claims.get("exp").asLong()).minus(margin);
                }
            } catch (IOException | IllegalArgumentException e) {
                // not a JWT after all: fall through
            }
        }
        return clock.instant().plus(NO_EXP_TTL);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
