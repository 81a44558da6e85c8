package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One vendor's batch in flight: inbox rows (one change per client, in sequence order), the ledger rows of their
 * clients read in one query, and what the deliveries wrote (ledger rows, input hashes to refresh), kept until the
 * batch settles them with the vendor's new position in one transaction. A dry run previews a source page through
 * the same steps, without sequence numbers.
 */
public final class BatchContext {
    private final String vendor;
    private final List<ClientChange> changes;
    private final long[] seqs;
    private final Map<String, LedgerEntry> ledger;
    private final Queue<LedgerEntry> delivered = new ConcurrentLinkedQueue<>();
    private final Queue<LedgerEntry> refreshed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ended = new AtomicInteger();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private volatile List<ClientChange> toDeliver;

    /** @param seqs the inbox sequence number of each change, in the same order; null for a preview */
    public BatchContext(String vendor, List<ClientChange> changes, long[] seqs, Map<String, LedgerEntry> ledger) {
        this.vendor = vendor;
        this.changes = changes;
        this.seqs = seqs;
        this.ledger = ledger;
        this.toDeliver = changes;
    }

    public String vendor() {
        return vendor;
    }

    /** Every change of the batch, in inbox order. */
    public List<ClientChange> all() {
        return changes;
    }

    /**
     * What the vendor's batch split goes over: the batch less the changes the ledger already decided when it was
     * opened (no id, stale, unchanged by input hash; counted there), so a re-run costs no route per change.
     */
    public List<ClientChange> getChanges() {
        return toDeliver;
    }

    void toDeliver(List<ClientChange> left) {
        this.toDeliver = left;
    }

    public LedgerEntry last(String clientId) {
        return ledger.get(Ledger.key(vendor, clientId));
    }

    public void delivered(LedgerEntry entry) {
        delivered.add(entry);
    }

    /** An unchanged skip whose ledger row had another input hash: the row gets this one at settle. */
    public void refreshed(LedgerEntry entry) {
        refreshed.add(entry);
    }

    /** One change reached its end: delivered, skipped, dead-lettered (or printed by a dry run). */
    public void ended() {
        ended.incrementAndGet();
    }

    /** One change did not end: its vendor is down, and it waits in the inbox for the vendor to come back. */
    public void waiting(ClientChange change) {
        waiting.add(change.id());
    }

    public int endedCount() {
        return ended.get();
    }

    public int waitingCount() {
        return waiting.size();
    }

    /**
     * How far the position may move: up to the change before the first one that waits, or past the whole batch.
     * The position never passes a change that has not ended.
     */
    public long settledPosition(long from) {
        long position = from;
        for (int i = 0; i < changes.size(); i++) {
            if (waiting.contains(changes.get(i).id())) {
                return position;
            }
            position = seqs[i];
        }
        return position;
    }

    public List<LedgerEntry> deliveredEntries() {
        return List.copyOf(delivered);
    }

    public List<LedgerEntry> refreshedEntries() {
        return List.copyOf(refreshed);
    }
}
