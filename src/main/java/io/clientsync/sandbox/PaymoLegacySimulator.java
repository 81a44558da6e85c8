package io.clientsync.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.clientsync.support.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paymo's legacy API on loopback, strict about the contract: every call is a form-encoded POST to
 * {@code /service/<method>}; without {@code format=json} the answer is XML; failures come back with HTTP 200 and
 * {@code {"status":"error","error":{"code":N,"message":"..."}}}. Codes used here (the simulator's own meanings;
 * VENDORS.md names the codes, not what each means): 101 bad or missing api_key, 102 login failed, 103 a parameter
 * that is unknown or missing (a wrong field name), 104 bad or expired auth_token, 105 unknown client, 108 unknown
 * method, 206 a blank client name. Another HTTP method than POST is answered 405.
 */
public final class PaymoLegacySimulator implements AutoCloseable {
    private static final Set<String> CLIENT_FIELDS = Set.of("name", "address", "city", "state", "postal_code",
            "country", "phone", "fax", "email", "website", "contact_name", "contact_email", "contact_mobile",
            "contact_phone", "contact_fax");

    private final String apiKey;
    private final String username;
    private final String password;
    private final Set<Long> knownIds;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<Long, Map<String, String>> clients = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger updates = new AtomicInteger();
    private final LoopbackServer server;

    public PaymoLegacySimulator(String apiKey, String username, String password, Set<Long> knownIds) {
        this.apiKey = apiKey;
        this.username = username;
        this.password = password;
        this.knownIds = Set.copyOf(knownIds);
        this.server = new LoopbackServer("paymo", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl() + "/service";
    }

    /** The stored client records: every field ever sent, as Paymo keeps them (sent fields replace, others stay). */
    public Map<Long, Map<String, String>> clients() {
        Map<Long, Map<String, String>> copy = new LinkedHashMap<>();
        clients.forEach((id, fields) -> {
            synchronized (fields) {
                copy.put(id, Map.copyOf(fields));
            }
        });
        return copy;
    }

    public int logins() {
        return logins.get();
    }

    public int updates() {
        return updates.get();
    }

    /** Forget every token, as if they had expired at Paymo: the next update answers 104. */
    public void revokeTokens() {
        tokens.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.startsWith("/service/")) {
            LoopbackServer.send(ex, 404, "{\"status\":\"error\",\"error\":{\"code\":108,\"message\":\"not found\"}}");
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            LoopbackServer.send(ex, 405, "{\"status\":\"error\",\"error\":{\"code\":108,"
                    + "\"message\":\"method must be POST\"}}");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> form = type != null && type.startsWith("application/x-www-form-urlencoded")
                ? SandboxFeed.query(LoopbackServer.body(ex)) : Map.of();
        if (!"json".equals(form.get("format"))) {
            byte[] xml = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><response status=\"error\"><error code=\"103\""
                    + " message=\"format missing: this would be XML\"/></response>").getBytes();
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, xml.length);
            ex.getResponseBody().write(xml);
            return;
        }
        if (!apiKey.equals(form.get("api_key"))) {
            error(ex, 101, "Invalid API key");
            return;
        }
        switch (path.substring("/service/".length())) {
            case "paymo.auth.login" -> login(ex, form);
            case "paymo.clients.update" -> update(ex, form);
            default -> error(ex, 108, "Unknown method");
        }
    }

    private void login(HttpExchange ex, Map<String, String> form) throws IOException {
        logins.incrementAndGet();
        if (!username.equals(form.get("username")) || !password.equals(form.get("password"))) {
            error(ex, 102, "Login failed");
            return;
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.add(token);
        LoopbackServer.send(ex, 200, "{\"status\":\"ok\",\"token\":{\"_content\":\"" + token + "\"},"
                + "\"user\":{\"id\":\"1\",\"username\":\"" + username + "\"}}");
    }

    private void update(HttpExchange ex, Map<String, String> form) throws IOException {
        if (form.get("auth_token") == null || !tokens.contains(form.get("auth_token"))) {
            error(ex, 104, "Invalid auth token");
            return;
        }
        long id;
        try {
            id = Long.parseLong(form.getOrDefault("client_id", ""));
        } catch (NumberFormatException e) {
            error(ex, 103, "client_id missing or not a number");
            return;
        }
        if (!knownIds.contains(id)) {
            error(ex, 105, "Client " + id + " not found");
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form.entrySet()) {
            String name = e.getKey();
            if (Set.of("format", "api_key", "auth_token", "client_id").contains(name)) {
                continue;
            }
            if (!CLIENT_FIELDS.contains(name)) {
                error(ex, 103, "Invalid parameter " + name);
                return;
            }
            fields.put(name, e.getValue());
        }
        if (fields.containsKey("name") && fields.get("name").isBlank()) {
            error(ex, 206, "Client name cannot be blank");
            return;
        }
        Map<String, String> stored = clients.computeIfAbsent(id, k -> new LinkedHashMap<>());
        synchronized (stored) {
            stored.putAll(fields);
        }
        updates.incrementAndGet();
        LoopbackServer.send(ex, 200, "{\"status\":\"ok\"}");
    }

    private static void error(HttpExchange ex, int code, String message) throws IOException {
        LoopbackServer.send(ex, 200, Json.write(Map.of("status", "error",
                "error", Map.of("code", code, "message", message))));
    }

    @Override
    public void close() {
        server.close();
    }
}
