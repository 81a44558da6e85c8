package io.clientsync.delivery;

import io.clientsync.state.RunStore;
import io.clientsync.state.SyncLock;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

/**
 * Runs one sync (every page of the feed) through {@code direct:sync-run}: takes the store's lock, keeps the runs
 * row and the summary line. Used by the Quartz route and by {@code --once}.
 */
public final class SyncRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
    private final CamelContext context;
    private final RunStore runs;
    private final SyncLock lock;
    private final Duration lockTtl;
    private final RunTracker tracker;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private volatile RunStats last;
    private ProducerTemplate producer;

    public SyncRunner(CamelContext context, RunStore runs, SyncLock lock, Duration lockTtl, RunTracker tracker) {
        this.lockTtl = lockTtl;
        this.context = context;
        this.runs = runs;
        this.lock = lock;
        this.tracker = tracker;
    }

    /** One whole sync; the exception of a run that could not finish propagates. */
    public synchronized RunStats run(String mode) {
        lock.tryAcquire(owner).ifPresent(holder -> {
            throw new SyncBusyException(holder);
        });
        // Renew the lease while the run lasts, so that a slow page never lets a second process in.
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "client-sync-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, lockTtl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        RunStats stats = null;
        try {
            stats = tracker.begin(runs.start(mode), mode);
            producer().requestBody("direct:sync-run", (Object) null);
            String summary = stats.summary();
            runs.finish(stats.runId(), stats.deadLettered() > 0 ? "dead-letters" : "ok", stats.pages(),
                    stats.received(), stats.invalid(), (int) stats.deadLettered(), summary, null);
            LOG.info(summary);
            last = stats;
            return stats;
        } catch (RuntimeException e) {
            if (stats != null) {
                String error = Json.printable(Secrets.redact(rootMessage(e)), 2000);
                runs.finish(stats.runId(), "failed", stats.pages(), stats.received(), stats.invalid(),
                        (int) stats.deadLettered(), stats.summary(), error);
                last = stats;
            }
            throw e;
        } finally {
            heartbeat.shutdownNow();
            lock.release(owner);
        }
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }

    /** The Quartz route's step: a failed run is logged and the next tick tries again. */
    public void scheduled() {
        try {
            run("scheduled");
        } catch (SyncBusyException e) {
            LOG.warn(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("sync run failed, the cursor stays where it was: {}", Secrets.redact(rootMessage(e)));
        }
    }

    private void renewQuietly() {
        try {
            lock.renew(owner);
        } catch (RuntimeException e) {
            LOG.warn("cannot renew the sync lock: {}", e.getMessage());
        }
    }

    public RunStats last() {
        return last;
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.camel.CamelExecutionException || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
