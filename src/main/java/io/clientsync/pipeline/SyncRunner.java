package io.clientsync.pipeline;

import io.clientsync.alerts.Alerts;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.RunTracker;
import io.clientsync.delivery.SyncBusyException;
import io.clientsync.delivery.VendorCircuits;
import io.clientsync.state.Inbox;
import io.clientsync.state.RunStore;
import io.clientsync.state.VendorPosition;
import io.clientsync.state.VendorPositions;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the pipelines. {@link #run} (--once, --dry-run): the source pipeline reads the feed to its end through
 * {@code direct:source-run} while every vendor pipeline delivers what the inbox holds for it; the run ends when each
 * vendor has caught up (or is paused). {@link #scheduled}: one tick of the source pipeline on its Quartz schedule;
 * the vendor pipelines run on their own, woken by it and by their poll.
 */
public final class SyncRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
    private final CamelContext context;
    private final RunStore runs;
    private final Leases leases;
    private final RunTracker tracker;
    private final VendorPipelines vendors;
    private final VendorPositions positions;
    private final Inbox inbox;
    private final boolean dryRun;
    private final VendorCircuits circuits;
    private final Alerts alerts;
    private volatile RunStats last;
    private ProducerTemplate producer;

    public SyncRunner(CamelContext context, RunStore runs, Leases leases, RunTracker tracker, VendorPipelines vendors,
                      VendorPositions positions, Inbox inbox, boolean dryRun, VendorCircuits circuits, Alerts alerts) {
        this.circuits = circuits;
        this.alerts = alerts;
        this.context = context;
        this.runs = runs;
        this.leases = leases;
        this.tracker = tracker;
        this.vendors = vendors;
        this.positions = positions;
        this.inbox = inbox;
        this.dryRun = dryRun;
    }

    /** One run of every pipeline; the exception of a run that could not finish propagates. */
    public synchronized RunStats run(String mode) {
        List<String> names = new ArrayList<>();
        names.add(RunTracker.SOURCE);
        vendors.all().forEach(v -> names.add(Leases.vendor(v.vendor())));
        leases.acquireAll(names);
        RunStats stats = null;
        RuntimeException sourceFailure = null;
        try {
            stats = tracker.begin(runs.start(mode), mode);
            RuntimeException failure = null;
            if (!dryRun) {
                vendors.all().forEach(v -> v.ownRuns(false));
                vendors.wakeAll(); // what already waits in the inbox goes while the source reads
            }
            try {
                producer().requestBody("direct:source-run", (Object) null);
            } catch (RuntimeException e) {
                sourceFailure = e;
                failure = e; // the vendors still deliver what the source wrote before it failed
            }
            if (!dryRun) {
                failure = awaitVendors(stats, failure);
            }
            if (failure != null) {
                throw failure;
            }
            runs.finish(stats, stats.anyDown() ? "vendor-down" : stats.deadLettered() > 0 ? "dead-letters" : "ok",
                    null);
            LOG.info(stats.summary());
            alert(stats, null);
            last = stats;
            return stats;
        } catch (RuntimeException e) {
            if (stats != null) {
                String error = Json.printable(Secrets.redact(rootMessage(e)), 2000);
                runs.finish(stats, sourceFailure != null ? RunStore.SOURCE_FAILED : "failed", error);
                alert(stats, sourceFailure == null ? null : rootMessage(sourceFailure));
                last = stats;
            }
            throw e;
        } finally {
            names.forEach(leases::release);
        }
    }

    /** Each vendor takes one last look once the source is done, and the run waits until all are idle. */
    private RuntimeException awaitVendors(RunStats stats, RuntimeException failure) {
        vendors.wakeAll();
        for (VendorPipeline vendor : vendors.all()) {
            try {
                vendor.awaitIdle();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted while the vendor pipelines ran", e);
            }
            RuntimeException failed = vendor.takeFailure();
            if (failure == null && failed != null) {
                failure = failed;
            }
            VendorPosition position = positions.of(vendor.vendor());
            if (circuits.of(vendor.vendor()).isDown()) {
                stats.note(vendor.vendor(), "down, " + inbox.waiting(position.position()).count() + " waiting");
            } else if (position.paused()) {
                stats.note(vendor.vendor(), "paused, " + inbox.waiting(position.position()).count() + " waiting");
            }
        }
        return failure;
    }

    /** The Quartz route's step: one run of the source pipeline; a failed one is logged and the next tick tries again. */
    public void scheduled() {
        if (!leases.tryAcquire(RunTracker.SOURCE)) {
            LOG.warn("the source pipeline is run by another process; this tick is skipped");
            return;
        }
        RunStats stats = null;
        try {
            stats = new RunStats(runs.start("scheduled", RunTracker.SOURCE), "scheduled", List.of());
            tracker.attach(RunTracker.SOURCE, stats);
            producer().requestBody("direct:source-run", (Object) null);
            runs.finish(stats, stats.invalid() > 0 ? "dead-letters" : "ok", null);
            LOG.info(stats.summary());
            alert(stats, null);
            last = stats;
        } catch (RuntimeException e) {
            String error = Secrets.redact(rootMessage(e));
            LOG.error("source run failed, the cursor stays where it was: {}", error);
            if (stats != null) {
                runs.finish(stats, RunStore.SOURCE_FAILED, Json.printable(error, 2000));
                alert(stats, error);
            }
        } finally {
            if (stats != null) {
                tracker.detach(RunTracker.SOURCE, stats);
            }
            leases.release(RunTracker.SOURCE);
        }
    }

    /**
     * A run's alerts: the source's, when its outcome differs from the last run's that ran it (the runs table: one
     * alert per change, across processes), and its dead letters over the threshold. Never fails the run.
     */
    private void alert(RunStats stats, String sourceError) {
        if (!alerts.enabled()) {
            return;
        }
        try {
            boolean failingBefore = runs.sourceFailingBefore(stats.runId());
            if (sourceError != null && !failingBefore) {
                alerts.sourceFailed(stats.runId(), sourceError);
            } else if (sourceError == null && failingBefore) {
                alerts.sourceRecovered(stats.runId());
            }
            alerts.runEnded(stats);
        } catch (RuntimeException e) {
            LOG.warn("cannot raise the alerts of run {}: {}", stats.runId(), Secrets.redact(rootMessage(e)));
        }
    }

    /** The vendor pipelines' own poll (scheduled mode): each looks for waiting changes. */
    public void pollVendors() {
        vendors.wakeAll();
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }

    public RunStats last() {
        return last;
    }

    public static String rootMessage(Throwable e) {
        return io.clientsync.support.Errors.rootMessage(e);
    }
}
