package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clientsync.support.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Paymo's v3 client contacts on loopback, strict about the contract: HTTP Basic with the API key as user name;
 * {@code POST /api/clientcontacts} (JSON, client_id of a known client and a name; 201), {@code PUT} and
 * {@code DELETE /api/clientcontacts/{id}} (404 for an unknown id), {@code POST /api/clientcontacts/{id}} as
 * multipart/form-data with a JPEG, PNG or GIF in the field {@code image}. A field Paymo does not know, a missing
 * Content-Type, portal access without a password or a wrong method is refused as Paymo would ({@code 400/405} with
 * {@code {"message":...}}). Every answer carries X-Ratelimit-* headers; more than {@code limit} requests within
 * {@code periodMillis} are answered 429 with Retry-After. Also serves a small PNG at {@code /images/sample.png}
 * and a text file at {@code /images/not-an-image.png} (no auth), for image URLs of the sample feed.
 */
public final class PaymoContactsSimulator implements AutoCloseable {
    static final Set<String> CREATE_FIELDS = Set.of("client_id", "name", "email", "mobile", "phone", "fax", "skype",
            "position", "notes", "is_main");
    static final Set<String> UPDATE_FIELDS = Set.of("name", "email", "mobile", "phone", "fax", "skype", "position",
            "notes", "is_main", "access", "password");
    /** A 1x1 PNG. */
    public static final byte[] SAMPLE_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final String apiKey;
    private final Set<Long> clientIds;
    private final int limit;
    private final long periodMillis;
    private final Deque<Long> recent = new ArrayDeque<>();
    private final Map<Long, ObjectNode> contacts = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(5000);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger limited = new AtomicInteger();
    private final LoopbackServer server;

    public PaymoContactsSimulator(String apiKey, Set<Long> clientIds, int limit, long periodMillis) {
        this.apiKey = apiKey;
        this.clientIds = Set.copyOf(clientIds);
        this.limit = limit;
        this.periodMillis = periodMillis;
        this.server = new LoopbackServer("paymo-contacts", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl() + "/api";
    }

    public String imageUrl() {
        return server.baseUrl() + "/images/sample.png";
    }

    /** The stored contacts by Paymo id (with {@code image_type}/{@code image_size} after an upload). */
    public Map<Long, ObjectNode> contacts() {
        Map<Long, ObjectNode> copy = new LinkedHashMap<>();
        contacts.forEach((id, c) -> {
            synchronized (c) {
                copy.put(id, c.deepCopy());
            }
        });
        return copy;
    }

    /** API requests seen (images not counted) and how many were answered 429. */
    public int requests() {
        return requests.get();
    }

    public int rateLimited() {
        return limited.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.startsWith("/images/")) {
            images(ex, path);
            return;
        }
        if (!path.equals("/api/clientcontacts") && !path.startsWith("/api/clientcontacts/")) {
            message(ex, 404, "Not found");
            return;
        }
        requests.incrementAndGet();
        int remaining = take();
        ex.getResponseHeaders().set("X-Ratelimit-Limit", Integer.toString(limit));
        ex.getResponseHeaders().set("X-Ratelimit-Remaining", Integer.toString(Math.max(0, remaining)));
        ex.getResponseHeaders().set("X-Ratelimit-Decay-Period", Long.toString(Math.max(1, periodMillis / 1000)));
        if (remaining < 0) {
            limited.incrementAndGet();
            ex.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, periodMillis / 1000)));
            message(ex, 429, "Rate limit exceeded");
            return;
        }
        if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
            message(ex, 401, "Unauthorized");
            return;
        }
        if (path.equals("/api/clientcontacts")) {
            if (!method.equals("POST")) {
                message(ex, 405, "Method not allowed");
                return;
            }
            create(ex);
            return;
        }
        long id;
        try {
            id = Long.parseLong(path.substring("/api/clientcontacts/".length()));
        } catch (NumberFormatException e) {
            message(ex, 404, "Not found");
            return;
        }
        ObjectNode contact = contacts.get(id);
        switch (method) {
            case "PUT" -> {
                if (contact == null) {
                    message(ex, 404, "Client contact not found");
                } else {
                    update(ex, contact);
                }
            }
            case "DELETE" -> {
                if (contacts.remove(id) == null) {
                    message(ex, 404, "Client contact not found");
                } else {
                    LoopbackServer.send(ex, 200, "{}");
                }
            }
            case "POST" -> {
                if (contact == null) {
                    message(ex, 404, "Client contact not found");
                } else {
                    image(ex, contact);
                }
            }
            default -> message(ex, 405, "Method not allowed");
        }
    }

    private void create(HttpExchange ex) throws IOException {
        ObjectNode body = json(ex);
        if (body == null) {
            return;
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!CREATE_FIELDS.contains(f)) {
                message(ex, 400, "Unknown field " + f);
                return;
            }
        }
        if (!body.path("client_id").canConvertToLong() || !clientIds.contains(body.get("client_id").asLong())) {
            message(ex, 400, "client_id is required and must be a known client");
            return;
        }
        if (body.path("name").asText("").isBlank()) {
            message(ex, 400, "name is required");
            return;
        }
        long id = nextId.incrementAndGet();
        ObjectNode stored = body.deepCopy();
        stored.put("id", id);
        stored.put("access", false);
        contacts.put(id, stored);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("clientcontacts").add(stored.deepCopy());
        LoopbackServer.send(ex, 201, Json.write(answer));
    }

    private void update(HttpExchange ex, ObjectNode contact) throws IOException {
        ObjectNode body = json(ex);
        if (body == null) {
            return;
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!UPDATE_FIELDS.contains(f)) {
                message(ex, 400, "Unknown field " + f);
                return;
            }
        }
        if (body.has("name") && body.get("name").asText("").isBlank()) {
            message(ex, 400, "name cannot be blank");
            return;
        }
        if (body.path("access").asBoolean(false) && body.path("password").asText("").length() < 6) {
            message(ex, 400, "a password of at least 6 characters is required for portal access");
            return;
        }
        synchronized (contact) {
            JsonNode password = body.remove("password");
            contact.setAll(body);
            if (password != null) {
                contact.put("password_set", true); // kept as a flag: the simulator stores no passwords
            }
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("clientcontacts").add(contact.deepCopy());
        LoopbackServer.send(ex, 200, Json.write(answer));
    }

    private void image(HttpExchange ex, ObjectNode contact) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data") || !type.contains("boundary=")) {
            message(ex, 400, "multipart/form-data with a boundary is required");
            return;
        }
        String boundary = type.substring(type.indexOf("boundary=") + 9).replace("\"", "").trim();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        byte[] image = part(body, boundary, "image");
        if (image == null) {
            message(ex, 400, "the file must be in the field image");
            return;
        }
        String kind = kind(image);
        if (kind == null) {
            message(ex, 400, "image must be a JPEG, PNG or GIF");
            return;
        }
        synchronized (contact) {
            contact.put("image_type", kind);
            contact.put("image_size", image.length);
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("clientcontacts").add(contact.deepCopy());
        LoopbackServer.send(ex, 200, Json.write(answer));
    }

    private void images(HttpExchange ex, String path) throws IOException {
        byte[] bytes = switch (path) {
            case "/images/sample.png" -> SAMPLE_PNG;
            case "/images/not-an-image.png" -> "<html>this is no image</html>".getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
        if (bytes == null || !ex.getRequestMethod().equals("GET")) {
            message(ex, 404, "Not found");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "image/png");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon > 0 && pair.substring(0, colon).equals(apiKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A sliding window of request times: what is left of the limit after this request (negative: over). */
    private synchronized int take() {
        long now = System.currentTimeMillis();
        while (!recent.isEmpty() && recent.peekFirst() <= now - periodMillis) {
            recent.removeFirst();
        }
        if (recent.size() >= limit) {
            return -1;
        }
        recent.addLast(now);
        return limit - recent.size();
    }

    private static ObjectNode json(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            message(ex, 400, "Content-Type must be application/json");
            return null;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(LoopbackServer.body(ex));
            if (body instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        message(ex, 400, "body must be a JSON object");
        return null;
    }

    /** The bytes of the named part of a multipart body, or null. */
    static byte[] part(byte[] body, String boundary, String name) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = 0;
        while ((at = text.indexOf(delimiter, at)) >= 0) {
            int headersStart = at + delimiter.length() + 2;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            if (headersEnd < 0) {
                return null;
            }
            String headers = text.substring(headersStart, headersEnd);
            int next = text.indexOf("\r\n" + delimiter, headersEnd + 4);
            if (next < 0) {
                return null;
            }
            if (headers.contains("name=\"" + name + "\"")) {
                return text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1);
            }
            at = next + 2;
        }
        return null;
    }

    static String kind(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return "gif";
        }
        return null;
    }

    private static void message(HttpExchange ex, int status, String message) throws IOException {
        LoopbackServer.send(ex, status, Json.write(Map.of("message", message)));
    }

    @Override
    public void close() {
        server.close();
    }
}
