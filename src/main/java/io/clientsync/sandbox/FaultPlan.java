package io.clientsync.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

/**
 * Transient faults a simulator injects before it handles a request, for the reliability soaks: 503, 429 with
 * Retry-After, an answer slower than the client's timeout, and a connection closed in the middle of the answer.
 * A faulted request never reaches the simulated vendor, so its records stay those of a fault-free run.
 */
public final class FaultPlan {
    public enum Kind { UNAVAILABLE, TOO_MANY_REQUESTS, SLOW, CUT }

    private final double rate;
    private final boolean down;
    private final Set<String> servers;
    private final long slowMillis;
    private final Random random;

    /**
     * @param rate       share of requests that get a fault (0.2 = about 20%)
     * @param servers    simulator names that inject (e.g. "fatora"); the feed is left alone unless named
     * @param slowMillis how long a slow answer takes (set it past the client's response timeout)
     */
    public FaultPlan(double rate, Set<String> servers, long slowMillis, long seed) {
        this(rate, servers, slowMillis, seed, false);
    }

    private FaultPlan(double rate, Set<String> servers, long slowMillis, long seed, boolean down) {
        this.down = down;
        this.rate = rate;
        this.servers = Set.copyOf(servers);
        this.slowMillis = slowMillis;
        this.random = new Random(seed);
    }

    /** The named simulators are down: every request answers 503. */
    public static FaultPlan down(Set<String> servers) {
        return new FaultPlan(1.0, servers, 0, 0, true);
    }

    /** @return true when it answered with a fault and the request must not be handled */
    boolean inject(String server, HttpExchange exchange) throws IOException {
        Kind kind;
        synchronized (random) {
            if (!servers.contains(server) || random.nextDouble() >= rate) {
                return false;
            }
            kind = down ? Kind.UNAVAILABLE : Kind.values()[random.nextInt(Kind.values().length)];
        }
        LoopbackServer.body(exchange); // read the request fully, as a real server would
        switch (kind) {
            case UNAVAILABLE -> LoopbackServer.send(exchange, 503, "");
            case TOO_MANY_REQUESTS -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                LoopbackServer.send(exchange, 429, "{\"message\":\"slow down\"}");
            }
            case SLOW -> {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                LoopbackServer.send(exchange, 503, "");
            }
            case CUT -> {
                byte[] promised = "{\"status\":\"SUCCESS\",\"padding\":\"..........\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, promised.length);
                OutputStream out = exchange.getResponseBody();
                out.write(promised, 0, promised.length / 2);
                out.flush();
                throw new IOException("cut"); // the server drops the connection half way
            }
            default -> throw new IllegalStateException();
        }
        return true;
    }
}
