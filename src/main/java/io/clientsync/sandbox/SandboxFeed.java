package io.clientsync.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source feed contract on loopback: {@code GET /changes?since=&limit=} answers
 * {@code {"changes":[...],"next_cursor":"...","has_more":...}} over a fixed list of change documents.
 */
public final class SandboxFeed implements AutoCloseable {
    private final List<String> changes;
    private final LoopbackServer server;
    private final java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();

    public SandboxFeed(List<String> changes) {
        this.changes = List.copyOf(changes);
        this.server = new LoopbackServer("feed", this::handle);
    }

    public String url() {
        return server.baseUrl() + "/changes";
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) || !"/changes".equals(exchange.getRequestURI().getPath())) {
            LoopbackServer.send(exchange, 404, "{\"message\":\"not found\"}");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int from;
        int limit;
        try {
            from = query.containsKey("since") ? Integer.parseInt(query.get("since").substring(1)) : 0;
            limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        } catch (RuntimeException e) {
            LoopbackServer.send(exchange, 400, "{\"message\":\"bad since or limit\"}");
            return;
        }
        int to = Math.min(changes.size(), from + Math.max(1, limit));
        boolean more = to < changes.size();
        String body = "{\"changes\":[" + String.join(",", changes.subList(Math.min(from, to), to))
                + "],\"next_cursor\":\"c" + to + "\",\"has_more\":" + more + "}";
        pages.incrementAndGet();
        LoopbackServer.send(exchange, 200, body);
    }

    /** Pages answered so far (a crash test kills the source pipeline mid-read by it). */
    public int pagesServed() {
        return pages.get();
    }

    /** The decoded parameters of a raw query string (also used by the benchmark stub). */
    public static Map<String, String> query(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    @Override
    public void close() {
        server.close();
    }
}
