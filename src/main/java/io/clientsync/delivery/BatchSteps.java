package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.change.PageReader;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens one vendor's batch: reads the ledger rows of its clients in one query and decides for the whole batch what
 * the ledger alone decides (no id, stale, and unchanged by input hash), so that only the changes left take a route
 * per change.
 */
public final class BatchSteps {
    private final Ledger ledger;
    private final RunTracker tracker;
    private final InputDigest inputs;

    public BatchSteps(Ledger ledger, RunTracker tracker, InputDigest inputs) {
        this.ledger = ledger;
        this.tracker = tracker;
        this.inputs = inputs;
    }

    /** @param seqs the changes' inbox sequence numbers, or null for a dry run's preview of a source page */
    public BatchContext open(String vendor, List<ClientChange> changes, long[] seqs) {
        Map<String, LedgerEntry> rows = ledger.load(List.of(vendor), changes.stream().map(ClientChange::id).toList());
        BatchContext batch = new BatchContext(vendor, changes, seqs, rows);
        digestWhereAsked(vendor, batch);
        List<ClientChange> left = new ArrayList<>(changes.size());
        for (ClientChange change : changes) {
            LedgerEntry last = batch.last(change.id());
            Outcome decided = DeliveryGate.decidedByLedger(change, vendor, last);
            if (comparesInputHash(last, decided) && last.inputHash().equals(inputs.of(vendor, change))) {
                decided = Outcome.UNCHANGED; // mapping it would give the payload the ledger holds
            }
            if (decided == null) {
                left.add(change);
            } else { // the same outcome the vendor's gate would give, without a route per change
                tracker.count(vendor, decided);
                batch.ended();
            }
        }
        batch.toDeliver(left);
        return batch;
    }

    /**
     * Makes, on the common pool as well when there are many, the content digests that {@link #open} will compare
     * with a ledger row's input hash: only those of changes the row does not already decide by version. A change
     * decided by version alone (a repeat of what was delivered) is never digested.
     */
    private void digestWhereAsked(String vendor, BatchContext batch) {
        List<ClientChange> asked = new ArrayList<>();
        for (ClientChange change : batch.all()) {
            LedgerEntry last = batch.last(change.id());
            if (comparesInputHash(last, DeliveryGate.decidedByLedger(change, vendor, last))) {
                asked.add(change);
            }
        }
        (asked.size() >= PageReader.PARALLEL_FROM ? asked.parallelStream() : asked.stream())
                .forEach(ClientChange::contentDigest);
    }

    /** Open compares the change's input hash with the row's when the row has one and decided nothing alone. */
    private static boolean comparesInputHash(LedgerEntry last, Outcome decidedByLedger) {
        return decidedByLedger == null && last != null && last.inputHash() != null;
    }

    /**
     * Every change of the batch ended (delivered, skipped, dead-lettered) or waits for its vendor: anything else is
     * an error swallowed somewhere, and the position must stay.
     */
    public static void checkEnded(BatchContext batch) {
        int expected = batch.all().size();
        if (batch.endedCount() + batch.waitingCount() != expected) {
            throw new IllegalStateException(batch.vendor() + ": batch not settled: " + batch.endedCount() + " of "
                    + expected + " changes ended delivered, skipped or dead-lettered (" + batch.waitingCount()
                    + " waiting); the position stays");
        }
    }
}
