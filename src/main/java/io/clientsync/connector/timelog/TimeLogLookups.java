package io.clientsync.connector.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.TransientDeliveryException;
import io.clientsync.support.Json;
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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * TimeLog's own numbers for countries and currencies (VENDORS.md "timelog"). A static map from the settings wins;
 * a code it does not name is looked up in TimeLog's list, fetched once and kept for {@code lookup-ttl-ms}, and
 * never read twice in one run (however many deliveries run in parallel) unless the read failed. Both list shapes
 * are read: a bare JSON array and {@code {"Entities":[{"Properties":{...}}]}}. An unknown code is a permanent
 * failure that names it.
 */
public final class TimeLogLookups {
    /** One of TimeLog's lists: where it is read and which fields hold the code and the number. */
    public enum Kind {
        COUNTRY("country", "ISO", "CountryID"),
        CURRENCY("currency", "CurrencyABB", "CurrencyID");

        final String label;
        final String codeField;
        final String idField;

        Kind(String label, String codeField, String idField) {
            this.label = label;
            this.codeField = codeField;
            this.idField = idField;
        }
    }

    private static final class Cached {
        Map<String, Integer> ids;
        Instant fetchedAt;
        Long run;
    }

    private final String root;
    private final Map<Kind, String> paths;
    private final Map<Kind, Map<String, Integer>> statics;
    private final TimeLogAuth auth;
    private final Duration ttl;
    private final Duration timeout;
    private final Clock clock;
    private final Supplier<Long> currentRun;
    private final HttpClient http;
    private final Map<Kind, Cached> cache = new HashMap<>();
    private final Map<Kind, Integer> calls = new HashMap<>();

    public TimeLogLookups(String baseUrl, Map<Kind, String> paths, Map<Kind, Map<String, Integer>> statics,
                          TimeLogAuth auth, Duration ttl, Duration timeout, Clock clock, Supplier<Long> currentRun) {
        this.root = baseUrl.replaceAll("/+$", "");
        this.paths = Map.copyOf(paths);
        this.statics = new HashMap<>();
        statics.forEach((kind, map) -> {
            Map<String, Integer> upper = new HashMap<>();
            map.forEach((code, id) -> upper.put(code.toUpperCase(Locale.ROOT), id));
            this.statics.put(kind, upper);
        });
        this.auth = auth;
        this.ttl = ttl;
        this.timeout = timeout;
        this.clock = clock;
        this.currentRun = currentRun;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * TimeLog's number for a code (null for no code). {@code exchange} may be null; when given, a lookup call counts
     * as a call to the vendor for the redelivery plan.
     */
    public Integer id(Kind kind, String code, Exchange exchange) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String key = code.trim().toUpperCase(Locale.ROOT);
        Integer fixed = statics.getOrDefault(kind, Map.of()).get(key);
        if (fixed != null) {
            return fixed;
        }
        Integer found = list(kind, exchange).get(key);
        if (found == null) {
            throw PermanentDeliveryException.rejected("TimeLog knows no " + kind.label + " '" + code
                    + "' (neither vendor.timelog." + kind.label + "-ids nor TimeLog's " + kind.label + " list)");
        }
        return found;
    }

    /** How many times a list was fetched (tests, diagnostics). */
    public synchronized int calls(Kind kind) {
        return calls.getOrDefault(kind, 0);
    }

    private synchronized Map<String, Integer> list(Kind kind, Exchange exchange) {
        Cached cached = cache.get(kind);
        Long run = currentRun.get();
        if (cached != null && (clock.instant().isBefore(cached.fetchedAt.plus(ttl))
                || (run != null && run.equals(cached.run)))) {
            return cached.ids; // fresh, or already read in this run: never twice per run
        }
        calls.merge(kind, 1, Integer::sum);
        Map<String, Integer> ids;
        try {
            ids = fetch(kind);
        } catch (TransientDeliveryException e) {
            if (exchange != null) {
                // a failed lookup is a failed call: count it, so that the redelivery plan's tries run out
                exchange.setProperty(DeliveryKeys.ATTEMPTS,
                        exchange.getProperty(DeliveryKeys.ATTEMPTS, 0, Integer.class) + 1);
            }
            throw e;
        }
        Cached fresh = new Cached();
        fresh.ids = ids;
        fresh.fetchedAt = clock.instant();
        fresh.run = run;
        cache.put(kind, fresh);
        return ids;
    }

    private Map<String, Integer> fetch(Kind kind) {
        String path = paths.get(kind).replaceAll("^/+", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/" + path))
                .timeout(timeout)
                .header("Authorization", auth.header())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransientDeliveryException("TimeLog " + kind.label + " list request failed: " + e, null, null,
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryException("TimeLog " + kind.label + " list request interrupted", null, null,
                    null);
        }
        int status = response.statusCode();
        String body = response.body();
        if (status == 401) {
            throw new PermanentDeliveryException("auth", "TimeLog refused the token (HTTP 401) when reading the "
                    + kind.label + " list", 401, null);
        }
        if (status == 429 || status >= 500) {
            throw new TransientDeliveryException("TimeLog " + kind.label + " list answered HTTP " + status + ": "
                    + Json.truncate(body, 200), status, null, null);
        }
        if (status != 200) {
            throw PermanentDeliveryException.refused("TimeLog " + kind.label + " list answered HTTP " + status + ": "
                    + Json.truncate(body, 200), status, null);
        }
        try {
            return parse(kind, Json.MAPPER.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new TransientDeliveryException("TimeLog " + kind.label + " list is not readable: "
                    + Json.truncate(body, 200), status, null, null);
        }
    }

    /** A bare array of entries, or {"Entities":[{"Properties":{...}}]}; each entry possibly wrapped in Properties. */
    static Map<String, Integer> parse(Kind kind, JsonNode root) {
        JsonNode items = root == null ? null : root.isArray() ? root : root.get("Entities");
        if (items == null || !items.isArray()) {
            throw new IllegalArgumentException("not a list");
        }
        Map<String, Integer> ids = new HashMap<>();
        for (JsonNode item : items) {
            JsonNode entry = item.has("Properties") ? item.get("Properties") : item;
            JsonNode code = entry.get(kind.codeField);
            JsonNode id = entry.get(kind.idField);
            if (code != null && code.isTextual() && !code.textValue().isBlank() && id != null
                    && (id.canConvertToInt() || (id.isTextual() && id.textValue().trim().matches("[0-9]{1,9}")))) {
                ids.putIfAbsent(code.textValue().trim().toUpperCase(Locale.ROOT), id.asInt());
            }
        }
        return ids;
    }
}
