package io.clientsync.source;

import io.clientsync.delivery.RunStats;
import io.clientsync.state.Inbox;
import io.clientsync.state.VendorPositions;
import io.clientsync.testing.SyncTestApp;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;

/**
 * Run by {@link SqlHeapTest} in a JVM of its own with a small heap: one --once run of the SQL source over a large
 * table into an H2 file store, Fatora paused so that only the source works. Prints one line of figures.
 * Arguments: source JDBC URL, source user, mode, query, state JDBC URL.
 */
public final class SqlHeapCheck {
    private SqlHeapCheck() {
    }

    public static void main(String[] args) {
        Map<String, String> s = new HashMap<>();
        s.put("source.kinds", "sql");
        s.put("source.sql.url", args[0]);
        s.put("source.sql.user", args[1]);
        s.put("source.sql.mode", args[2]);
        s.put("source.sql.query", args[3]);
        s.put("source.sql.cursor-column", "updated_at");
        s.put("state.url", args[4]);
        s.put("sync.page-size", "500");
        s.put("vendors.enabled", "fatora");
        s.put("vendor.fatora.base-url", "http://127.0.0.1:9/v1"); // never called: Fatora is paused
        s.put("vendor.fatora.api-key", "heap-key-1");
        // A full GC every second, its heap in use after it noted: the largest is the run's live set (what it holds),
        // which the heap's peak (garbage included, before a collection) does not say.
        java.util.concurrent.atomic.AtomicLong liveSet = new java.util.concurrent.atomic.AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
                liveSet.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            }
        });
        sampler.setDaemon(true);
        long started = System.nanoTime();
        long inbox;
        RunStats run;
        try (SyncTestApp app = SyncTestApp.start(s)) {
            app.bean("vendorPositions", VendorPositions.class).pause("fatora");
            sampler.start();
            run = app.runOnce();
            sampler.interrupt();
            inbox = app.bean("inbox", Inbox.class).waiting(0).count();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        System.out.printf("sql-heap received=%d inbox=%d seconds=%.1f peakHeapMb=%d liveSetMb=%d maxHeapMb=%d "
                        + "gcs=%d%n", run.received(), inbox, seconds, peak >> 20, liveSet.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, gcs);
    }
}
