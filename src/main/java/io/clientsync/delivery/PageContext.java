package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.change.FeedPage;
import io.clientsync.change.InvalidChange;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One page in flight: its changes, the ledger rows of its clients read in one query, and the rows its deliveries
 * wrote (and the input hashes to refresh), kept until the page settles and they are saved with the cursor in one
 * transaction.
 */
public final class PageContext {
    private final FeedPage page;
    private final Map<String, LedgerEntry> ledger;
    private final Queue<LedgerEntry> delivered = new ConcurrentLinkedQueue<>();
    private final Queue<LedgerEntry> refreshed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ended = new AtomicInteger();
    private final Map<String, List<ClientChange>> toDeliver = new java.util.concurrent.ConcurrentHashMap<>();

    public PageContext(FeedPage page, Map<String, LedgerEntry> ledger) {
        this.page = page;
        this.ledger = ledger;
    }

    public List<ClientChange> getChanges() {
        return page.changes();
    }

    /**
     * What the vendor's page split goes over: the page's changes less those the ledger already decided for this
     * vendor when the page was opened (no id, stale, unchanged by input hash; counted there), so a re-run costs no
     * route per change. All of them when nothing was decided.
     */
    public List<ClientChange> changesFor(String vendor) {
        return toDeliver.getOrDefault(vendor, page.changes());
    }

    void toDeliver(String vendor, List<ClientChange> changes) {
        toDeliver.put(vendor, changes);
    }

    public List<InvalidChange> getInvalid() {
        return page.invalid();
    }

    public FeedPage page() {
        return page;
    }

    public LedgerEntry last(String vendor, String clientId) {
        return ledger.get(Ledger.key(vendor, clientId));
    }

    public void delivered(LedgerEntry entry) {
        delivered.add(entry);
    }

    /** An unchanged skip whose ledger row had another input hash: the row gets this one at settle. */
    public void refreshed(LedgerEntry entry) {
        refreshed.add(entry);
    }

    /** One (change, vendor) delivery reached its end: delivered, skipped, dead-lettered (or printed by a dry run). */
    public void ended() {
        ended.incrementAndGet();
    }

    public int endedCount() {
        return ended.get();
    }

    public List<LedgerEntry> deliveredEntries() {
        return List.copyOf(delivered);
    }

    public List<LedgerEntry> refreshedEntries() {
        return List.copyOf(refreshed);
    }
}
