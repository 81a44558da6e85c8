package io.clientsync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw limit: the very requests client-sync sent (recorded at the stub: method, path, Authorization,
 * Content-Type, Accept, body), sent again through {@code java.net.http.HttpClient} with the same concurrency per
 * vendor ({@code concurrency} threads per vendor, each with one request in flight), and no pipeline at all.
 * Arguments: stub base URL, recorded file, concurrency per vendor, warm-up requests per vendor and round, the client:
 * {@code jdk} ({@code java.net.http.HttpClient}) or {@code apache} (Apache HttpClient 5 classic with a pooled
 * connection manager, the client camel-http runs on, without Camel), and at most how many warm-up rounds (fewer once
 * the JIT has settled: {@link JitWarmup}).
 */
public final class Baseline {
    record Req(String vendor, String method, String path, String auth, String type, String accept, String body) {
        /** The recorded headers that were sent, by name (an empty value was not sent). */
        Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Authorization", auth);
            h.put("Content-Type", type);
            h.put("Accept", accept);
            h.values().removeIf(String::isEmpty);
            return h;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int concurrency = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        boolean apache = args.length > 4 && args[4].equals("apache");
        int warmupRounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Map<String, List<Req>> byVendor = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", 7);
            Req r = new Req(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
            byVendor.computeIfAbsent(r.vendor(), v -> new ArrayList<>()).add(r);
        }
        Sender http = apache ? new ApacheSender(base) : new JdkSender(base);
        StubClient stub = new StubClient(base);
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (warmup > 0) {
            Map<String, List<Req>> warm = new LinkedHashMap<>();
            byVendor.forEach((v, list) -> { // the recorded requests over and over, warmup of them per vendor
                List<Req> w = new ArrayList<>(warmup);
                for (int i = 0; i < warmup; i++) {
                    w.add(list.get(i % list.size()));
                }
                warm.put(v, w);
            });
            // What the timed part calls besides sending, once before the warm-up: a first use after it would load
            // classes and deoptimise what the warm-up compiled, and the timed run would pay for compiling it again.
            stub.reset(false);
            stub.stats();
            cpuNanos();
            JitWarmup jit = new JitWarmup(warmupRounds);
            while (jit.another()) {
                send(http, base, warm, concurrency, new LongAdder());
            }
            jit.report(out);
        }
        stub.reset(false);
        LongAdder failures = new LongAdder();
        long cpu0 = cpuNanos();
        long jit0 = JitWarmup.compileMillis();
        double seconds = send(http, base, byVendor, concurrency, failures);
        long cpu = cpuNanos() - cpu0;
        out.put("jitMillis", JitWarmup.compileMillis() - jit0);
        int total = byVendor.values().stream().mapToInt(List::size).sum();
        out.put("requests", total);
        out.put("seconds", seconds);
        out.put("rps", total / seconds);
        out.put("cpuMicrosPerRequest", cpu / 1e3 / total);
        out.put("failures", failures.sum());
        out.set("stub", stub.stats());
        System.out.println("RESULT " + Json.write(out));
        System.exit(0);
    }

    /** CPU time of this whole JVM (every thread, GC and JIT included). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Every vendor's requests at once, {@code concurrency} in flight per vendor; returns the wall time. */
    static double send(Sender http, String base, Map<String, List<Req>> byVendor, int concurrency,
                       LongAdder failures) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        long t = System.nanoTime();
        for (List<Req> list : byVendor.values()) {
            AtomicInteger next = new AtomicInteger();
            for (int w = 0; w < concurrency; w++) {
                Thread th = new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < list.size()) {
                        try {
                            if (http.send(list.get(i)) >= 300) {
                                failures.increment();
                            }
                        } catch (Exception e) {
                            failures.increment();
                        }
                    }
                }, "baseline");
                threads.add(th);
                th.start();
            }
        }
        for (Thread th : threads) {
            th.join();
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /** One request, its answer read whole; returns the status. */
    interface Sender {
        int send(Req r) throws Exception;
    }

    static final class JdkSender implements Sender {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;

        JdkSender(String base) {
            this.base = base;
        }

        @Override
        public int send(Req r) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(r.method(), r.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8));
            r.headers().forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }

    /** Apache HttpClient 5 classic, pooled and without automatic retries, as application.properties sets camel-http. */
    static final class ApacheSender implements Sender {
        private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient http;
        private final String base;

        ApacheSender(String base) {
            this.base = base;
            var pool = org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(64).setMaxConnTotal(200).build();
            http = org.apache.hc.client5.http.impl.classic.HttpClients.custom().setConnectionManager(pool)
                    .disableAutomaticRetries().build();
        }

        @Override
        public int send(Req r) throws Exception {
            var b = org.apache.hc.core5.http.io.support.ClassicRequestBuilder.create(r.method()).setUri(base + r.path());
            if (!r.body().isEmpty()) {
                b.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(r.body(), StandardCharsets.UTF_8));
            }
            r.headers().forEach(b::addHeader);
            return http.execute(b.build(), res -> {
                org.apache.hc.core5.http.io.entity.EntityUtils.toString(res.getEntity(), StandardCharsets.UTF_8);
                return res.getCode();
            });
        }
    }
}
