package io.clientsync.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.alerts.Alerts;
import io.clientsync.change.ClientChange;
import io.clientsync.delivery.BatchContext;
import io.clientsync.delivery.BatchSteps;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.RunTracker;
import io.clientsync.delivery.VendorCircuits;
import io.clientsync.state.Inbox;
import io.clientsync.state.InboxRow;
import io.clientsync.state.RunStore;
import io.clientsync.state.StateStoreException;
import io.clientsync.state.VendorPosition;
import io.clientsync.state.VendorPositions;
import io.clientsync.state.XrefStore;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One vendor's pipeline (DESIGN.md section 1): takes the inbox rows after its position a batch at a time, delivers
 * each batch through {@code direct:<vendor>-batch} (the vendor's pool), and settles the batch's ledger rows with its
 * new position in one transaction. It runs on a thread of its own, woken by the source pipeline when it wrote rows
 * and by its own schedule, so its pace depends on this vendor alone.
 */
public final class VendorPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(VendorPipeline.class);

    /** What a pipeline needs of the application, the same for every vendor. */
    public record Parts(CamelContext camel, Inbox inbox, VendorPositions positions, BatchSteps batches,
                        XrefStore xref, RunTracker tracker, RunStore runs, Leases leases, int batchSize,
                        List<String> enabled, VendorCircuits circuits, RecentChanges recent, Alerts alerts) {
    }

    /** Secrets passed are erased every this many batches and when a drain ends (each erase visits the rows). */
    private static final int ERASE_EVERY = 16;

    private final String vendor;
    private final Parts parts;
    private final ExecutorService thread;
    /** Reads and parses the next batch's rows while this one is delivered (the pool would idle meanwhile). */
    private final ExecutorService readAhead;
    private final Object lock = new Object();
    private boolean running;
    private boolean again;
    private boolean ownRuns;
    private RuntimeException failure;
    private ProducerTemplate producer;

    public VendorPipeline(String vendor, Parts parts) {
        this.vendor = vendor;
        this.parts = parts;
        this.thread = parts.camel().getExecutorServiceManager().newSingleThreadExecutor(this, vendor + "-pipeline");
        this.readAhead = parts.camel().getExecutorServiceManager().newSingleThreadExecutor(this,
                vendor + "-read-ahead");
    }

    public String vendor() {
        return vendor;
    }

    /**
     * Scheduled mode: each drain that finds work is a run of its own (a runs row, its own counts), under this
     * pipeline's lease. Otherwise (--once) the caller holds the leases and the run.
     */
    public void ownRuns(boolean own) {
        this.ownRuns = own;
    }

    /** Asks for a drain; wakes that come while one runs make it look once more when it ends. */
    public void wake() {
        synchronized (lock) {
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        thread.execute(this::loop);
    }

    /** Waits until no drain runs or is asked for. */
    public void awaitIdle() throws InterruptedException {
        synchronized (lock) {
            while (running) {
                lock.wait();
            }
        }
    }

    /** The error that stopped the last drain, once; null when it ended well. */
    public RuntimeException takeFailure() {
        synchronized (lock) {
            RuntimeException f = failure;
            failure = null;
            return f;
        }
    }

    private void loop() {
        while (true) {
            RuntimeException failed = null;
            try {
                if (!ownRuns) {
                    drain();
                } else if (parts.leases().tryAcquire(Leases.vendor(vendor))) {
                    try {
                        drain();
                    } finally {
                        parts.leases().release(Leases.vendor(vendor));
                    }
                } else {
                    LOG.debug("{}: another process runs this pipeline", vendor);
                }
            } catch (RuntimeException e) {
                failed = e;
                LOG.error("{} pipeline stopped, its position stays: {}", vendor, Secrets.redact(rootMessage(e)));
            }
            synchronized (lock) {
                if (failed != null) {
                    failure = failed;
                }
                if (!again) {
                    running = false;
                    lock.notifyAll();
                    return;
                }
                again = false;
            }
        }
    }

    /** Batches until nothing waits after the position, or the vendor is paused or down. */
    void drain() {
        VendorPosition start = parts.positions().of(vendor);
        if (start.paused() || parts.circuits().of(vendor).isResting()) {
            return;
        }
        parts.xref().drain(vendor); // what a batch that did not settle left: this drain's first settle must not fail for it
        long position = start.position();
        RunStats own = null;
        String error = null;
        int settled = 0;
        try {
            Read current = read(position);
            while (true) {
                if (current.changes().isEmpty()) {
                    return;
                }
                if (ownRuns && own == null) {
                    own = new RunStats(parts.runs().start("scheduled", vendor), "scheduled", List.of(vendor));
                    parts.tracker().attach(vendor, own);
                }
                BatchContext batch = parts.batches().open(vendor, current.changes(), current.seqs());
                long last = current.seqs()[current.seqs().length - 1];
                // The rows after this batch, read while it is delivered. Only reads: the ledger of the next batch
                // is loaded after this one settles, as a client may be in both (its row replaced meanwhile).
                Future<Read> ahead = readAhead.submit(() -> read(last));
                deliver(batch);
                long next = batch.settledPosition(position);
                parts.positions().settle(vendor, batch.deliveredEntries(), batch.refreshedEntries(), next);
                if (++settled % ERASE_EVERY == 0) {
                    eraseSecretsPassed();
                }
                position = next;
                VendorPosition now = parts.positions().of(vendor);
                if (now.down() && !batch.deliveredEntries().isEmpty() && !parts.circuits().of(vendor).isDown()) {
                    // down as a process before this one left it; it delivers again
                    parts.positions().up(vendor).ifPresent(since -> parts.alerts().vendorUp(vendor, since));
                }
                if (parts.circuits().of(vendor).isDown() || now.paused()) {
                    ahead.cancel(false);
                    return; // down: the rest waits for the probe; paused: for resume
                }
                current = next == last ? await(ahead) : read(next); // a change that waits: read from it again
            }
        } catch (RuntimeException e) {
            error = Json.printable(Secrets.redact(rootMessage(e)), 2000);
            throw e;
        } finally {
            if (settled % ERASE_EVERY != 0) {
                eraseSecretsQuietly();
            }
            if (own != null) {
                parts.tracker().detach(vendor, own);
                finish(own, error);
            }
        }
    }

    /** A batch's rows as read, with their changes (the source's parsed ones where still held). */
    private record Read(List<ClientChange> changes, long[] seqs) {
    }

    private Read read(long after) {
        List<InboxRow> rows = parts.inbox().after(after, parts.batchSize());
        List<ClientChange> changes = new ArrayList<>(rows.size());
        long[] seqs = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            InboxRow row = rows.get(i);
            ClientChange held = parts.recent().get(row.seq(), row.version());
            changes.add(held != null ? held : parse(row));
            seqs[i] = row.seq();
        }
        return new Read(changes, seqs);
    }

    private static Read await(Future<Read> ahead) {
        try {
            return ahead.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the inbox", e);
        }
    }

    /** One batch through the vendor's route; returns once every change ended or waits, and its xref ids are kept. */
    private void deliver(BatchContext batch) {
        Exchange done = producer().send("direct:" + vendor + "-batch",
                ex -> ex.setProperty(DeliveryKeys.BATCH, batch));
        if (done.getException() != null) {
            throw new IllegalStateException(vendor + ": batch failed: " + rootMessage(done.getException()),
                    done.getException());
        }
        BatchSteps.checkEnded(batch);
        parts.xref().awaitWritten(vendor); // the position passes no id unkept: the next change would create it again
    }

    private static ClientChange parse(InboxRow row) {
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(row.changeJson());
            if (node.path("version").asLong() != row.version()) {
                node.put("version", row.version()); // raised in place by a newer version of the same content
            }
            return Json.MAPPER.treeToValue(node, ClientChange.class).withRaw(node);
        } catch (IOException | ClassCastException e) {
            throw new StateStoreException("inbox row of client " + row.clientId() + " is not a change: "
                    + e.getMessage(), null);
        }
    }

    private void eraseSecretsQuietly() {
        try {
            eraseSecretsPassed();
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot erase the secrets passed yet, the next drain will: {}", vendor,
                    Secrets.redact(rootMessage(e)));
        }
    }

    /** Sealed secrets are kept only while some enabled vendor has not passed their row. */
    private void eraseSecretsPassed() {
        var all = parts.positions().all();
        long lowest = Long.MAX_VALUE;
        for (String v : parts.enabled()) {
            var p = all.get(v);
            lowest = Math.min(lowest, p == null ? 0 : p.position());
        }
        if (lowest > 0 && lowest != Long.MAX_VALUE) {
            parts.inbox().eraseSecrets(lowest);
        }
    }

    private void finish(RunStats own, String error) {
        try {
            parts.runs().finish(own, error != null ? "failed" : own.deadLettered() > 0 ? "dead-letters" : "ok",
                    error);
            LOG.info(own.summary());
            parts.alerts().runEnded(own);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot record the run: {}", vendor, e.getMessage());
        }
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            producer = parts.camel().createProducerTemplate();
        }
        return producer;
    }

    static String rootMessage(Throwable e) {
        return io.clientsync.support.Errors.rootMessage(e);
    }
}
