package io.clientsync.state;

import java.util.List;

/**
 * Run in a JVM of its own by {@link StateStoreDurabilityTest}: writes an xref and waits for its commit, settles a page in the given H2
 * file store, then halts at once, as a SIGKILL would, with nothing closed.
 */
public final class KilledWriter {
    public static void main(String[] args) {
        StateStore store = new StateStore(args[0], null, null, 2);
        Ledger ledger = new Ledger(store);
        XrefStore xref = new XrefStore(store);
        xref.put("paymo-contacts", "contact", "c1/p1", "991");
        xref.awaitWritten(); // as a page's settle does
        new CursorStore(store, ledger).settle(List.of(new LedgerEntry("fatora", "c1", 3, "{}")), "cursor-7");
        Runtime.getRuntime().halt(9);
    }
}
