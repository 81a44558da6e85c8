package io.clientsync.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server on 127.0.0.1 for the simulators. Sets {@code sun.net.httpserver.nodelay} first: without it the
 * JDK server waits ~40 ms per answer on Nagle and delayed ACK, and a benchmark would measure the stub.
 */
public final class LoopbackServer implements AutoCloseable {
    /** The fault plan of every simulator in this JVM (reliability soaks), or null. */
    private static volatile FaultPlan faults;
    private static final java.util.Map<String, java.util.Queue<Long>> REQUEST_TIMES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpServer server;
    private final ExecutorService executor;

    public LoopbackServer(String name, HttpHandler handler) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + name + " simulator on loopback", e);
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, name + "-sim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        java.util.Queue<Long> times = REQUEST_TIMES.computeIfAbsent(name,
                n -> new java.util.concurrent.ConcurrentLinkedQueue<>());
        server.createContext("/", exchange -> {
            try (exchange) {
                times.add(System.nanoTime());
                FaultPlan plan = faults;
                if (plan != null && plan.inject(name, exchange)) {
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, "{\"message\":\"simulator error\"}");
            }
        });
        server.start();
    }

    /** Turns fault injection on (a plan) or off (null) for every simulator in this JVM. */
    public static void faults(FaultPlan plan) {
        faults = plan;
    }

    /** System.nanoTime() of every request the named simulator received (to check rate limits). */
    public static java.util.List<Long> requestTimes(String name) {
        return java.util.List.copyOf(REQUEST_TIMES.getOrDefault(name, new java.util.LinkedList<>()));
    }

    public static void clearRequestTimes() {
        REQUEST_TIMES.values().forEach(java.util.Queue::clear);
    }

    /** The most requests the named simulator saw within any window of {@code windowMillis}. */
    public static int maxRequestsPerWindow(String name, long windowMillis) {
        java.util.List<Long> times = new java.util.ArrayList<>(requestTimes(name));
        java.util.Collections.sort(times);
        long window = windowMillis * 1_000_000L;
        int max = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) >= window) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
