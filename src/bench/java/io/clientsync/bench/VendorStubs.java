package io.clientsync.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Each vendor as the benchmark sees it: the settings that point client-sync at its stub (rate limit off) and the
 * stub's answer, which is given at once. A vendor is a parameter: adding one (paymo, paymo-contacts, timelog,
 * everlytic when their branches merge) is one entry in {@link #PROFILES}; a vendor with no entry gets the generic
 * profile (base-url, rate limit off, 200 {"id":1} to anything), which may not be what its answer interpreter wants.
 */
public final class VendorStubs {
    /** A JWT that expires far in the future, so one token serves the whole run. */
    static final String TOKEN = jwt();

    public record Answer(int status, String json) {
    }

    public record Profile(String id, Function<String, Map<String, String>> settings, Answerer answerer) {
    }

    @FunctionalInterface
    public interface Answerer {
        Answer answer(String method, String path, String body);
    }

    static final Map<String, Profile> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put("fatora", new Profile("fatora", root -> Map.of(
                "vendor.fatora.base-url", root + "/v1",
                "vendor.fatora.api-key", "bench-fatora-key"),
                (method, path, body) -> {
                    if (path.equals("/v1/Authorization/Authorize")) {
                        return new Answer(200, "{\"success\":true,\"bearer_token\":\"" + TOKEN + "\"}");
                    }
                    if (method.equals("PUT") && path.startsWith("/v1/clients/")) {
                        return new Answer(200, "{\"status\":\"SUCCESS\",\"client\":{\"id\":"
                                + path.substring("/v1/clients/".length()) + "}}");
                    }
                    return new Answer(404, "{\"status\":\"ERROR\",\"error\":{\"error_code\":404,"
                            + "\"description\":\"no such resource\"}}");
                }));
    }

    static {
        PROFILES.put("paymo", new Profile("paymo", root -> Map.of(
                "vendor.paymo.base-url", root,
                "vendor.paymo.api-key", "bench-paymo-key",
                "vendor.paymo.username", "bench@client-sync.invalid",
                "vendor.paymo.password", "bench-paymo-password"),
                (method, path, body) -> path.endsWith("/paymo.auth.login")
                        ? new Answer(200, "{\"status\":\"ok\",\"token\":{\"_content\":\"bench-paymo-token\"}}")
                        : new Answer(200, "{\"status\":\"ok\"}")));
        PROFILES.put("paymo-contacts", new Profile("paymo-contacts", root -> Map.of(
                "vendor.paymo-contacts.base-url", root,
                "vendor.paymo-contacts.api-key", "bench-paymo-contacts-key"),
                (method, path, body) -> method.equals("POST")
                        ? new Answer(201, "{\"clientcontacts\":[{\"id\":" + Math.abs(body.hashCode()) + "}]}")
                        : new Answer(200, "{\"clientcontacts\":[{}]}")));
        PROFILES.put("timelog", new Profile("timelog", root -> Map.of(
                "vendor.timelog.base-url", root,
                "vendor.timelog.token", "bench-timelog-token",
                "vendor.timelog.country-ids", "DK=45",
                "vendor.timelog.currency-ids", "DKK=1",
                "vendor.timelog.industry-ids", "Retail & Wholesale=7"),
                (method, path, body) -> new Answer(200, "{\"Properties\":{}}")));
        PROFILES.put("everlytic", new Profile("everlytic", root -> Map.of(
                "vendor.everlytic.base-url", root,
                "vendor.everlytic.username", "bench",
                "vendor.everlytic.api-key", "bench-everlytic-key"),
                (method, path, body) -> new Answer(200, "{\"links\":[],\"item\":{}}")));
    }

    private VendorStubs() {
    }

    public static Profile profile(String vendor) {
        return PROFILES.getOrDefault(vendor, new Profile(vendor,
                root -> Map.of("vendor." + vendor + ".base-url", root),
                (method, path, body) -> new Answer(200, "{\"id\":1}")));
    }

    static Answer answer(String vendor, String method, String path, String body) {
        return profile(vendor).answerer().answer(method, path, body);
    }

    /** Settings of the measured app for these vendors on the stub at {@code stubBase}: throttles off. */
    public static Map<String, String> settings(String stubBase, Iterable<String> vendors) {
        Map<String, String> s = new HashMap<>();
        for (String v : vendors) {
            s.putAll(profile(v).settings().apply(stubBase + "/v/" + v));
            s.put("vendor." + v + ".rate-limit", "100000");
            s.put("vendor." + v + ".rate-period-ms", "1000");
        }
        return s;
    }

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"bench\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8))
                + ".sig";
    }
}
