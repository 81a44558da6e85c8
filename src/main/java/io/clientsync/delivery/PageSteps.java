package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.change.FeedPage;
import io.clientsync.change.PageReader;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.state.XrefStore;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;

/** The Java steps of the run and page routes: start from the saved cursor, open a page, settle it. */
public final class PageSteps {
    private final CursorStore cursors;
    private final Ledger ledger;
    private final XrefStore xref;
    private final RunTracker tracker;
    private final List<String> vendors;
    private final boolean dryRun;
    private final InputDigest inputs;

    public PageSteps(CursorStore cursors, Ledger ledger, XrefStore xref, RunTracker tracker, List<String> vendors,
                     boolean dryRun, InputDigest inputs) {
        this.inputs = inputs;
        this.xref = xref;
        this.cursors = cursors;
        this.ledger = ledger;
        this.tracker = tracker;
        this.vendors = vendors;
        this.dryRun = dryRun;
    }

    /** First step of a run: the loop starts at the saved cursor (none on the very first run). */
    public void start(Exchange exchange) {
        xref.drain(); // a failed run's last writes: this run's first settle must not fail for them
        cursors.current().ifPresentOrElse(c -> exchange.setProperty(DeliveryKeys.CURSOR, c),
                () -> exchange.removeProperty(DeliveryKeys.CURSOR));
        exchange.setProperty(DeliveryKeys.HAS_MORE, true);
        exchange.setProperty(DeliveryKeys.ATTEMPTS, 0);
    }

    /**
     * The body is a {@link FeedPage}: read the ledger rows of its clients in one query, and decide for the whole
     * page what the ledger alone decides (no id, stale, and unchanged by input hash), so that only the changes left
     * take a route per change.
     */
    public void open(Exchange exchange) {
        FeedPage page = exchange.getIn().getBody(FeedPage.class);
        tracker.page(page);
        List<String> ids = page.changes().stream().map(ClientChange::id).toList();
        Map<String, LedgerEntry> rows = ledger.load(vendors, ids);
        PageContext context = new PageContext(page, rows);
        digestWhereAsked(page.changes(), context);
        for (String vendor : vendors) {
            List<ClientChange> left = new java.util.ArrayList<>(page.changes().size());
            for (ClientChange change : page.changes()) {
                LedgerEntry last = context.last(vendor, change.id());
                Outcome decided = DeliveryGate.decidedByLedger(change, vendor, last);
                if (comparesInputHash(last, decided) && last.inputHash().equals(inputs.of(vendor, change))) {
                    decided = Outcome.UNCHANGED; // mapping it would give the payload the ledger holds
                }
                if (decided == null) {
                    left.add(change);
                } else { // the same outcome the vendor's gate would give, without a route per change
                    tracker.count(vendor, decided);
                    context.ended();
                }
            }
            context.toDeliver(vendor, left);
        }
        exchange.setProperty(DeliveryKeys.PAGE, context);
    }

    /**
     * Makes, on the common pool as well when there are many, the content digests that the loop in {@link #open} will
     * compare with a ledger row's input hash: those of changes that some vendor's ledger row does not already decide
     * by version. A change decided by version alone (a re-run of the same feed) is never digested.
     */
    private void digestWhereAsked(List<ClientChange> changes, PageContext context) {
        List<ClientChange> asked = new java.util.ArrayList<>();
        for (ClientChange change : changes) {
            for (String vendor : vendors) {
                LedgerEntry last = context.last(vendor, change.id());
                if (comparesInputHash(last, DeliveryGate.decidedByLedger(change, vendor, last))) {
                    asked.add(change);
                    break;
                }
            }
        }
        (asked.size() >= PageReader.PARALLEL_FROM ? asked.parallelStream() : asked.stream())
                .forEach(ClientChange::contentDigest);
    }

    /** Page open compares the change's input hash with the row's when the row has one and decided nothing alone. */
    private static boolean comparesInputHash(LedgerEntry last, Outcome decidedByLedger) {
        return decidedByLedger == null && last != null && last.inputHash() != null;
    }

    /**
     * Every change of the page is delivered, skipped or dead-lettered: once the vendor ids its deliveries were given
     * are committed, save its ledger rows and the cursor.
     */
    public void settle(Exchange exchange) {
        PageContext page = exchange.getProperty(DeliveryKeys.PAGE, PageContext.class);
        int expected = page.getChanges().size() * vendors.size();
        if (page.endedCount() != expected) {
            // A delivery ended in none of the three outcomes (an error swallowed somewhere): keep the cursor.
            throw new IllegalStateException("page not settled: " + page.endedCount() + " of " + expected
                    + " deliveries ended delivered, skipped or dead-lettered; the cursor stays");
        }
        String next = page.page().nextCursor();
        xref.awaitWritten(); // the cursor passes no id unkept: the contact's next change would create it again
        if (!dryRun) {
            cursors.settle(page.deliveredEntries(), page.refreshedEntries(), next);
        }
        if (next != null) {
            exchange.setProperty(DeliveryKeys.CURSOR, next);
        }
        exchange.setProperty(DeliveryKeys.HAS_MORE, page.page().hasMore());
        exchange.removeProperty(DeliveryKeys.PAGE);
        // The vendor branches share this exchange's properties; the next fetch starts clean.
        exchange.removeProperty(DeliveryKeys.VENDOR);
        exchange.setProperty(DeliveryKeys.ATTEMPTS, 0);
    }
}
