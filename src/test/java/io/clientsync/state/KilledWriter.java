package io.clientsync.state;

import java.util.List;

/**
 * Run in a JVM of its own by {@link StateStoreDurabilityTest}: writes an xref and waits for its commit, writes a page to the inbox and settles a batch in the given H2
 * file store, then halts at once, as a SIGKILL would, with nothing closed.
 */
public final class KilledWriter {
    public static void main(String[] args) {
        StateStore store = new StateStore(args[0], null, null, 2);
        XrefStore xref = new XrefStore(store);
        xref.put("paymo-contacts", "contact", "c1/p1", "991");
        xref.awaitWritten(); // as a batch's settle does
        new CursorStore(store, new Inbox(store)).settle(List.of(new Inbox.Incoming("c1", 3, "{}")), "cursor-7");
        new VendorPositions(store, new Ledger(store)).settle("fatora", List.of(new LedgerEntry("fatora", "c1", 3,
                "{}")), List.of(), 1);
        Runtime.getRuntime().halt(9);
    }
}
