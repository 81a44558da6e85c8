package io.clientsync.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The far side of the benchmark, in its own JVM: the source feed, generated on the fly from (size, version, epoch)
 * and never held as a list, and a loopback stub of every vendor that answers at once. Counts every vendor call and
 * keeps an order-independent digest of them (method, path, Authorization, Content-Type, Accept, body), so a baseline
 * run can be shown to have sent exactly the same requests as client-sync. Can record the requests to a file, which
 * is what the baseline replays.
 *
 * <pre>
 * GET  /feed/changes?since=&amp;limit=   the feed (cursor "EPOCH-OFFSET"; a cursor of an older epoch starts at 0)
 * ANY  /v/VENDOR/...                     a vendor (see {@link VendorStubs})
 * POST /_feed?n=&amp;version=&amp;first=     set the feed (changes first+1 .. first+n) and start a new epoch (a saved
 *                                        cursor no longer skips it)
 * POST /_reset?record=true|false         zero the counters (and start/stop recording)
 * GET  /_stats                           counters as JSON
 * POST /_dump?file=PATH                  write the recorded vendor requests, one a line
 * </pre>
 */
public final class BenchStub {
    private volatile int feedSize = 0;
    private volatile long feedVersion = 1;
    private volatile int feedFirst; // the feed's changes are first+1 .. first+n: warm-up rounds use clients of their own
    private final AtomicLong epoch = new AtomicLong(1);

    private final LongAdder feedRequests = new LongAdder();
    private final AtomicLong firstFeedMillis = new AtomicLong();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> digests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong firstCallNanos = new AtomicLong();
    private final AtomicLong lastCallNanos = new AtomicLong();
    private volatile boolean record;
    private final Queue<String> recorded = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        // Before the server exists: without it the JDK server waits ~40 ms per answer (CAMEL-NOTES.md).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        BenchStub stub = new BenchStub();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", stub::handle);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.writeString(Path.of(args[0]), base);
        System.out.println("stub listening on " + base);
        Thread.currentThread().join(); // until the benchmark ends this process
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/v/")) {
                vendor(ex, path);
            } else if (path.equals("/feed/changes")) {
                feed(ex);
            } else if (path.startsWith("/_")) {
                control(ex, path);
            } else {
                send(ex, 404, "{\"message\":\"not found\"}");
            }
        } catch (RuntimeException e) {
            send(ex, 500, "{\"message\":\"stub error\"}");
        }
    }

    private void vendor(HttpExchange ex, String path) throws IOException {
        long now = System.nanoTime();
        firstCallNanos.compareAndSet(0, now);
        int slash = path.indexOf('/', 3);
        String vendor = slash < 0 ? path.substring(3) : path.substring(3, slash);
        String rest = slash < 0 ? "/" : path.substring(slash);
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = ex.getRequestMethod();
        String auth = header(ex, "Authorization");
        String type = header(ex, "Content-Type");
        String accept = header(ex, "Accept");
        String line = vendor + '\t' + method + '\t' + path + '\t' + auth + '\t' + type + '\t' + accept + '\t' + body;
        calls.computeIfAbsent(vendor, v -> new LongAdder()).increment();
        digests.computeIfAbsent(vendor, v -> new LongAdder()).add(fnv64(line));
        if (record) {
            recorded.add(line);
        }
        VendorStubs.Answer answer = VendorStubs.answer(vendor, method, rest, body);
        if (answer.status() >= 300) {
            failures.computeIfAbsent(vendor, v -> new LongAdder()).increment();
        }
        send(ex, answer.status(), answer.json());
        lastCallNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    private static String header(HttpExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    private void feed(HttpExchange ex) throws IOException {
        feedRequests.increment();
        firstFeedMillis.compareAndSet(0, System.currentTimeMillis());
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        long ep = epoch.get();
        int from = 0;
        String since = q.get("since");
        if (since != null && since.startsWith(ep + "-")) {
            from = Integer.parseInt(since.substring(since.indexOf('-') + 1));
        }
        int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        int n = feedSize;
        int to = Math.min(n, from + Math.max(1, limit));
        StringBuilder sb = new StringBuilder(64 + 900 * Math.max(0, to - from));
        sb.append("{\"changes\":[");
        for (int i = from + 1; i <= to; i++) {
            if (i > from + 1) {
                sb.append(',');
            }
            FeedGenerator.change(sb, feedFirst + i, feedVersion);
        }
        sb.append("],\"next_cursor\":\"").append(ep).append('-').append(to).append("\",\"has_more\":")
                .append(to < n).append('}');
        send(ex, 200, sb.toString());
    }

    private void control(HttpExchange ex, String path) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        switch (path) {
            case "/_feed" -> {
                feedSize = Integer.parseInt(q.getOrDefault("n", "0"));
                feedVersion = Long.parseLong(q.getOrDefault("version", "1"));
                feedFirst = Integer.parseInt(q.getOrDefault("first", "0"));
                epoch.incrementAndGet();
                send(ex, 200, "{\"epoch\":" + epoch.get() + "}");
            }
            case "/_reset" -> {
                feedRequests.reset();
                firstFeedMillis.set(0);
                calls.clear();
                digests.clear();
                failures.clear();
                firstCallNanos.set(0);
                lastCallNanos.set(0);
                recorded.clear();
                record = Boolean.parseBoolean(q.getOrDefault("record", "false"));
                send(ex, 200, "{}");
            }
            case "/_stats" -> send(ex, 200, stats());
            case "/_dump" -> {
                Path file = Path.of(q.get("file"));
                int count = 0;
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    for (String line : recorded) {
                        w.write(line);
                        w.write('\n');
                        count++;
                    }
                }
                send(ex, 200, "{\"written\":" + count + "}");
            }
            default -> send(ex, 404, "{}");
        }
    }

    private String stats() {
        StringBuilder sb = new StringBuilder("{\"feedRequests\":").append(feedRequests.sum())
                .append(",\"firstFeedMillis\":").append(firstFeedMillis.get())
                .append(",\"vendorSeconds\":").append((lastCallNanos.get() - firstCallNanos.get()) / 1e9)
                .append(",\"calls\":{");
        String sep = "";
        for (var e : calls.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue().sum());
            sep = ",";
        }
        sb.append("},\"digests\":{");
        sep = "";
        for (var e : digests.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\":\"").append(Long.toHexString(e.getValue().sum()))
                    .append('"');
            sep = ",";
        }
        sb.append("},\"failures\":{");
        sep = "";
        for (var e : failures.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue().sum());
            sep = ",";
        }
        return sb.append("}}").toString();
    }

    static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static Map<String, String> query(String raw) {
        return io.clientsync.sandbox.SandboxFeed.query(raw);
    }
}
