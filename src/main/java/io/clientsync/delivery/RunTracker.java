package io.clientsync.delivery;

import io.clientsync.change.FeedPage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Counts outcomes into the current run and into the Prometheus metrics. */
public final class RunTracker {
    /** The source pipeline's name among the pipelines. */
    public static final String SOURCE = "source";
    private final AtomicReference<RunStats> current = new AtomicReference<>();
    private final List<String> vendors;
    private final Supplier<MeterRegistry> metricsLookup;
    private volatile MeterRegistry metrics;
    private volatile long lookedAt;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, RunStats> attached = new ConcurrentHashMap<>();

    /** @param metricsLookup finds the meter registry once Camel has made it; it answers null when metrics are off */
    public RunTracker(List<String> vendors, Supplier<MeterRegistry> metricsLookup) {
        this.vendors = vendors;
        this.metricsLookup = metricsLookup;
    }

    public RunStats begin(long runId, String mode) {
        RunStats stats = new RunStats(runId, mode, vendors);
        current.set(stats);
        attached.clear();
        return stats;
    }

    /**
     * A pipeline's own run (scheduled mode: the source's tick, a vendor's drain): its counts go there rather than
     * into the current run. {@link #detach} ends it.
     */
    public void attach(String pipeline, RunStats stats) {
        attached.put(pipeline, stats);
    }

    public void detach(String pipeline, RunStats stats) {
        attached.remove(pipeline, stats);
    }

    /** The run a pipeline counts into ("source" or a vendor id). */
    public RunStats of(String pipeline) {
        RunStats stats = attached.get(pipeline);
        return stats != null ? stats : current();
    }

    /** The run in progress; a delivery route called directly (a route test) counts into run 0. */
    public RunStats current() {
        RunStats stats = current.get();
        if (stats == null) {
            current.compareAndSet(null, new RunStats(0, "direct", vendors));
            stats = current.get();
        }
        return stats;
    }

    public void page(FeedPage page) {
        of(SOURCE).page(page.received(), page.invalid().size(), page.superseded());
        counter("clientsync.changes.fetched", null, null).increment(page.received());
        if (!page.invalid().isEmpty()) {
            counter("clientsync.changes.invalid", null, null).increment(page.invalid().size());
        }
    }

    public void count(String vendor, Outcome outcome) {
        of(vendor).count(vendor, outcome);
        counter("clientsync.deliveries", vendor, outcome.label()).increment();
    }

    private Counter counter(String name, String vendor, String outcome) {
        if (metrics == null) {
            // Metrics off (--once) or not made yet: look again at most once a second, not for every count (a
            // registry lookup per delivery showed in the profile).
            long now = System.nanoTime();
            if (now - lookedAt < 1_000_000_000L && lookedAt != 0) {
                return NOOP;
            }
            lookedAt = now;
            metrics = metricsLookup.get();
            if (metrics == null) {
                return NOOP;
            }
        }
        String key = name + '|' + vendor + '|' + outcome;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name);
            if (vendor != null) {
                b.tag("vendor", vendor).tag("outcome", outcome);
            }
            return b.register(metrics);
        });
    }

    private static final Counter NOOP = new Counter() {
        @Override
        public void increment(double amount) {
        }

        @Override
        public double count() {
            return 0;
        }

        @Override
        public Id getId() {
            return new Id("noop", io.micrometer.core.instrument.Tags.empty(), null, null, Type.COUNTER);
        }
    };
}
