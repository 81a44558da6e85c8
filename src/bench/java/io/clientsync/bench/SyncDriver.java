package io.clientsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.clientsync.app.ClientSyncApp;
import io.clientsync.app.SettingsLoader;
import io.clientsync.delivery.RunStats;
import io.clientsync.support.Json;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured JVM: the real client-sync (the project's application.properties and routes/, started as
 * {@code --once} starts it) against the {@link BenchStub}. Optionally warms the JIT first, in the same app and store,
 * with feeds of other clients, then times one run (and optionally the two re-runs: the same changes again, and the same content at a
 * higher version), and prints one {@code RESULT {json}} line with the run times, vendor calls counted at the stub
 * and the peak heap of this JVM.
 *
 * <p>Arguments, key=value: stub, n, vendors (comma list), concurrency, pageSize, state (JDBC URL), warmup (changes
 * per warm-up round, 0 for none), warmupRounds (at most this many rounds, fewer once the JIT has settled: see
 * {@link JitWarmup}), reruns (true/false).
 */
public final class SyncDriver {
    /** Warm-up round k delivers clients k * this + 1 onwards: none of them is one the timed run delivers. */
    static final int WARMUP_CLIENTS = 10_000_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        StubClient stub = new StubClient(a.get("stub"));
        int n = Integer.parseInt(a.getOrDefault("n", "20000"));
        List<String> vendors = Arrays.asList(a.getOrDefault("vendors", "fatora").split(","));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
        boolean reruns = Boolean.parseBoolean(a.getOrDefault("reruns", "false"));
        boolean record = Boolean.parseBoolean(a.getOrDefault("record", "false"));

        Map<String, String> settings = new HashMap<>(VendorStubs.settings(stub.base(), vendors));
        settings.put("source.url", stub.base() + "/feed/changes");
        settings.put("vendors.enabled", String.join(",", vendors));
        settings.put("delivery.concurrency", a.getOrDefault("concurrency", "8"));
        settings.put("sync.page-size", a.getOrDefault("pageSize", "500"));
        settings.put("delivery.batch-size", a.getOrDefault("batchSize", "500"));
        settings.put("state.user", "");
        settings.put("state.password", "");

        ObjectNode out = Json.MAPPER.createObjectNode();
        HeapWatch heap = new HeapWatch(); // made now: the JMX classes it loads would deoptimise warmed-up code later
        settings.put("state.url", a.getOrDefault("state", "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        try (ClientSyncApp app = start(settings)) {
            if (warmup > 0) {
                // Warm-up in the app and store the timed run uses, as a long-lived node is warm: each round is a feed
                // of clients of its own (so every change is delivered), through exactly what the timed run does.
                JitWarmup jit = new JitWarmup(Integer.parseInt(a.getOrDefault("warmupRounds", "1")));
                while (jit.another()) {
                    int first = WARMUP_CLIENTS * jit.rounds();
                    run(app, stub, warmup, 1, first, "warm-up", false);
                    if (reruns) { // the re-runs are timed too: their paths (skips at page open) are warmed the same way
                        run(app, stub, warmup, 1, first, "warm-up, same changes again", false);
                        run(app, stub, warmup, 2, first, "warm-up, same content, higher version", false);
                    }
                }
                jit.report(out);
            }
            heap.reset();
            long t0 = System.nanoTime();
            Thread progress = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    heap.sampleLiveSet(); // a full GC now and then: what the run really holds
                    ObjectNode p = heap.snapshot();
                    p.put("elapsedSeconds", (System.nanoTime() - t0) / 1e9);
                    System.out.println("PROGRESS " + Json.write(p)); // the last one is kept if the run is cut short
                }
            }, "bench-progress");
            progress.setDaemon(true);
            progress.start();
            ArrayNode runs = out.putArray("runs");
            runs.add(run(app, stub, n, 1, 0, "first", record));
            heap.sampleLiveSet();
            out.set("heap", heap.snapshot());
            if (Boolean.parseBoolean(a.getOrDefault("histogram", "false"))) { // what the live set is made of
                new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                        .redirectOutput(Path.of(a.get("histogram-file")).toFile()).start().waitFor();
            }
            if (reruns) {
                runs.add(run(app, stub, n, 1, 0, "same changes again", false));
                runs.add(run(app, stub, n, 2, 0, "same content, higher version", false));
            }
        }
        System.out.println("RESULT " + Json.write(out));
        System.exit(0);
    }

    private static ObjectNode run(ClientSyncApp app, StubClient stub, int n, long version, int first, String label,
                                  boolean record) {
        stub.feed(n, version, first);
        stub.reset(record);
        long startMs = System.currentTimeMillis();
        long t = System.nanoTime();
        long cpu0 = Baseline.cpuNanos();
        long alloc0 = allocatedBytes();
        long jit0 = JitWarmup.compileMillis();
        RunStats stats = app.runOnce("once");
        long cpu = Baseline.cpuNanos() - cpu0;
        long jit = JitWarmup.compileMillis() - jit0;
        long alloc = allocatedBytes() - alloc0;
        double seconds = (System.nanoTime() - t) / 1e9;
        long endMs = System.currentTimeMillis();
        JsonNode s = stub.stats();
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("label", label);
        r.put("seconds", seconds);
        r.put("startEpochMs", startMs);
        r.put("endEpochMs", endMs);
        r.put("vendorCalls", stub.calls(s));
        r.put("cpuMicrosPerRequest", cpu / 1e3 / Math.max(1, stub.calls(s)));
        r.put("allocatedBytesPerChange", alloc / n);
        r.put("jitMillis", jit); // the JIT's compile time during the run: near 0 when the warm-up did its job
        r.put("feedRequests", s.path("feedRequests").asLong());
        r.set("stub", s);
        r.put("summary", stats.summary());
        r.put("deadLettered", stats.deadLettered());
        return r;
    }

    /** Bytes allocated so far by the live threads (the pools' threads live through the run). */
    static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    static ClientSyncApp start(Map<String, String> overrides) throws Exception {
        Properties props = SettingsLoader.load(Path.of("application.properties"), true, overrides);
        return ClientSyncApp.startOneOff(props, Path.of("routes"));
    }

    /**
     * Peak heap of this JVM from the moment it is made or last reset: the sum of every heap pool's peak (MemoryPoolMXBean, reset
     * at the start) and the highest heap left after any GC (the live set, from GC notifications).
     */
    static final class HeapWatch {
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong maxBeforeGc = new AtomicLong();
        private final AtomicLong maxLiveSet = new AtomicLong();
        private final AtomicLong fullGcsSeen = new AtomicLong();
        private volatile long gcCountBefore;

        HeapWatch() {
            reset();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        // non-heap pools (metaspace, code cache) are in the map too: take heap pools only
                        long used = 0;
                        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (isHeap(e.getKey())) {
                                used += e.getValue().getUsed();
                            }
                        }
                        long before = 0;
                        for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                            if (isHeap(e.getKey())) {
                                before += e.getValue().getUsed();
                            }
                        }
                        maxBeforeGc.accumulateAndGet(before, Math::max);
                        long u = used;
                        maxAfterGc.accumulateAndGet(u, Math::max);
                        if ("System.gc()".equals(info.getGcCause()) && info.getGcAction().contains("major")) {
                            maxLiveSet.accumulateAndGet(u, Math::max); // the full GC's own figure: nothing after it
                            fullGcsSeen.incrementAndGet();
                        }
                    }
                }, null, null);
            }
        }

        /** Forgets what was seen so far: the peaks count from here. */
        void reset() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            maxAfterGc.set(0);
            maxBeforeGc.set(0);
            maxLiveSet.set(0);
            gcCountBefore = gcCount();
        }

        private static boolean isHeap(String pool) {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getName().equals(pool)) {
                    return p.getType() == MemoryType.HEAP;
                }
            }
            return false;
        }

        private static long gcCount() {
            long c = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                c += Math.max(0, gc.getCollectionCount());
            }
            return c;
        }

        /**
         * A full GC: the heap it left is the live set at this moment, taken from the GC's own notification (heap
         * used read after System.gc() returned also counted what the running threads allocated since, 5 to 15 MB).
         */
        void sampleLiveSet() {
            long seen = fullGcsSeen.get();
            System.gc();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // notifications come on a thread of their own
            while (fullGcsSeen.get() == seen && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }

        ObjectNode snapshot() {
            long peak = 0;
            ObjectNode pools = Json.MAPPER.createObjectNode();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                    pools.put(pool.getName(), pool.getPeakUsage().getUsed());
                }
            }
            ObjectNode h = Json.MAPPER.createObjectNode();
            h.put("peakUsedBytes", peak);
            h.put("peakAfterGcBytes", maxAfterGc.get());
            h.put("peakBeforeGcBytes", maxBeforeGc.get());
            h.put("peakLiveSetBytes", maxLiveSet.get());
            h.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
            h.put("gcCount", gcCount() - gcCountBefore);
            h.set("peakPerPool", pools);
            return h;
        }
    }
}
