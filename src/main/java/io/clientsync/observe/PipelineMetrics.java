package io.clientsync.observe;

import io.clientsync.pipeline.PipelineStatus;
import io.clientsync.pipeline.PipelineStatuses;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per vendor gauges for Prometheus: {@code clientsync_vendor_position}, {@code clientsync_vendor_lag_changes},
 * {@code clientsync_vendor_oldest_waiting_seconds} and {@code clientsync_vendor_up}. Read from the store on a
 * scrape, at most once a second whatever the number of gauges asking.
 */
public final class PipelineMetrics {
    private static final long FRESH_NANOS = 1_000_000_000L;
    private final PipelineStatuses statuses;
    private final List<String> vendors;
    private final Map<String, PipelineStatus> last = new ConcurrentHashMap<>();
    private volatile long readAt;

    public PipelineMetrics(PipelineStatuses statuses, List<String> vendors) {
        this.statuses = statuses;
        this.vendors = vendors;
    }

    public void register(MeterRegistry registry) {
        for (String vendor : vendors) {
            gauge(registry, "clientsync.vendor.position", vendor, s -> s.position());
            gauge(registry, "clientsync.vendor.lag.changes", vendor, s -> s.lag());
            gauge(registry, "clientsync.vendor.oldest.waiting.seconds", vendor,
                    s -> s.oldest() == null ? 0 : s.oldest().toMillis() / 1000.0);
            gauge(registry, "clientsync.vendor.up", vendor, s -> s.down() ? 0 : 1);
        }
    }

    private void gauge(MeterRegistry registry, String name, String vendor, ToDoubleFunction<PipelineStatus> value) {
        Gauge.builder(name, this, m -> {
            PipelineStatus s = m.status(vendor);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).tag("vendor", vendor).register(registry);
    }

    private PipelineStatus status(String vendor) {
        long now = System.nanoTime();
        if (now - readAt > FRESH_NANOS) {
            try {
                for (PipelineStatus s : statuses.all(vendors)) {
                    last.put(s.pipeline(), s);
                }
                readAt = now;
            } catch (RuntimeException storeDown) {
                return null; // the state store health check says why
            }
        }
        return last.get(vendor);
    }
}
