package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clientsync.support.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fatora on loopback, strict about the contract: a token from {@code POST /Authorization/Authorize} with the right
 * {@code api_key}; {@code PUT /clients/{id}} with that bearer token (401 otherwise), JSON only (415), only the
 * documented fields (400), an email (400) and a known client id (404).
 */
public final class FatoraSimulator implements AutoCloseable {
    private static final Set<String> FIELDS = Set.of("name", "email", "phone", "address", "notes");

    private final String apiKey;
    private final Set<Long> knownIds;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<Long, ObjectNode> clients = new ConcurrentHashMap<>();
    private final AtomicInteger updates = new AtomicInteger();
    private final AtomicInteger authorizations = new AtomicInteger();
    private final LoopbackServer server;

    public FatoraSimulator(String apiKey, Set<Long> knownIds) {
        this.apiKey = apiKey;
        this.knownIds = ConcurrentHashMap.newKeySet();
        this.knownIds.addAll(knownIds);
        this.server = new LoopbackServer("fatora", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    /** The stored client records, as the vendor keeps them. */
    public Map<Long, ObjectNode> clients() {
        return Map.copyOf(clients);
    }

    public int updates() {
        return updates.get();
    }

    public int authorizations() {
        return authorizations.get();
    }

    /** A client created at Fatora by hand, as an operator does before replaying a change Fatora did not know. */
    public void know(long id) {
        knownIds.add(id);
    }

    /** Forget every token issued, as if they had expired at Fatora. */
    public void revokeTokens() {
        tokens.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/v1/Authorization/Authorize")) {
            if (!method.equals("POST")) {
                error(ex, 405, 405, "method not allowed");
                return;
            }
            authorizations.incrementAndGet();
            if (!apiKey.equals(ex.getRequestHeaders().getFirst("api_key"))) {
                LoopbackServer.send(ex, 401, "{\"status\":\"ERROR\",\"error\":\"Invalid API Key\"}");
                return;
            }
            String token = jwt();
            tokens.add(token);
            LoopbackServer.send(ex, 200, "{\"success\":true,\"bearer_token\":\"" + token + "\"}");
            return;
        }
        if (!path.startsWith("/v1/clients/")) {
            error(ex, 404, 404, "no such resource");
            return;
        }
        if (!method.equals("PUT")) {
            error(ex, 405, 405, "method not allowed");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            error(ex, 401, 401, "invalid or expired token");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            error(ex, 415, 415, "Content-Type must be application/json");
            return;
        }
        long id;
        try {
            id = Long.parseLong(path.substring("/v1/clients/".length()));
        } catch (NumberFormatException e) {
            error(ex, 404, 404, "client not found");
            return;
        }
        if (!knownIds.contains(id)) {
            error(ex, 404, 404, "client " + id + " not found");
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(LoopbackServer.body(ex));
        } catch (IOException e) {
            error(ex, 400, 400, "body is not JSON");
            return;
        }
        if (body == null || !body.isObject()) {
            error(ex, 400, 400, "body must be an object");
            return;
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                error(ex, 400, 422, "unknown field " + field);
                return;
            }
        }
        if (body.path("email").asText("").isBlank()) {
            error(ex, 400, 422, "email is required");
            return;
        }
        ObjectNode stored = clients.computeIfAbsent(id, k -> Json.MAPPER.createObjectNode());
        synchronized (stored) {
            stored.setAll((ObjectNode) body);
        }
        updates.incrementAndGet();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("status", "SUCCESS");
        ObjectNode client = answer.putObject("client");
        client.put("id", id);
        client.setAll((ObjectNode) body);
        if (client.has("notes")) {
            client.set("note", client.remove("notes")); // the answer names it "note"
        }
        LoopbackServer.send(ex, 200, Json.write(answer));
    }

    private static void error(HttpExchange ex, int status, int code, String description) throws IOException {
        LoopbackServer.send(ex, status, "{\"status\":\"ERROR\",\"error\":{\"error_code\":" + code
                + ",\"description\":\"" + description + "\"}}");
    }

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"sandbox\",\"jti\":\"" + UUID.randomUUID() + "\",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".sig";
    }

    @Override
    public void close() {
        server.close();
    }
}
