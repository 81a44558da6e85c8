package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;

import java.util.List;

import static io.clientsync.delivery.DeliveryKeys.*;

/**
 * The vendor-neutral steps of every deliver-VENDOR route: decide skips (no-id, stale, deleted, unchanged) from the
 * ledger, count attempts, and record the delivery.
 */
public final class DeliveryGate {
    private final Ledger ledger;
    private final RunTracker tracker;
    private final VendorHealth health;
    private final InputDigest inputs;

    public DeliveryGate(Ledger ledger, RunTracker tracker, VendorHealth health, InputDigest inputs) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.tracker = tracker;
        this.health = health;
    }

    /** First step: the body is a {@link ClientChange}; VENDOR and DELETES are set by the route. */
    public void open(Exchange exchange) {
        ClientChange change = exchange.getIn().getBody(ClientChange.class);
        String vendor = exchange.getProperty(VENDOR, String.class);
        // The counters are the change's, not this pass's: a redelivery of deliver-VENDOR runs VENDOR-delivery again
        // and comes back here with the same change; starting them again would let its retries never run out. A
        // change's first pass starts them (the page exchange it was split from carries the feed's).
        if (exchange.getProperty(CHANGE) != change) {
            exchange.setProperty(CHANGE, change);
            exchange.setProperty(ATTEMPTS, 0);
            exchange.removeProperty(AUTH_RETRIES);
            exchange.removeProperty(RATE_LIMIT_WAITS);
        }
        exchange.removeProperty(SKIP);
        exchange.removeProperty(ENDED);
        LedgerEntry last = last(exchange, vendor, change.id());
        if (last != null) {
            exchange.setProperty(LAST, last);
        } else {
            exchange.removeProperty(LAST);
        }
        Outcome decided = decidedByLedger(change, vendor, last);
        if (decided != null) {
            exchange.setProperty(SKIP, decided.label());
            return;
        }
        exchange.setProperty(VENDOR_ID, change.vendorId(vendor).orElseThrow());
        if (change.isDeleted() && !exchange.getProperty(DELETES, false, Boolean.class)) {
            exchange.setProperty(SKIP, Outcome.DELETED.label());
        }
    }

    /**
     * The skips the ledger alone decides, in the gate's order: no vendor id, then a version not above the last
     * delivered one. Null when the change goes on to mapping. Page open uses it for the whole page at once.
     */
    static Outcome decidedByLedger(ClientChange change, String vendor, LedgerEntry last) {
        if (change.vendorId(vendor).isEmpty()) {
            return Outcome.NO_ID;
        }
        if (last != null && change.version() <= last.version()) {
            return Outcome.STALE;
        }
        return null;
    }

    /** After the mapper: the body is the mapped payload; equal to the last delivered one means no call. */
    public void compare(Exchange exchange) {
        String json = Json.write(exchange.getIn().getBody());
        LedgerEntry last = exchange.getProperty(LAST, LedgerEntry.class);
        if (last != null && json.equals(last.payload())) {
            exchange.setProperty(SKIP, Outcome.UNCHANGED.label());
            refreshInputHash(exchange, last);
        }
        exchange.setProperty(PAYLOAD, json);
    }

    public void skipped(Exchange exchange) {
        tracker.count(exchange.getProperty(VENDOR, String.class),
                Outcome.ofLabel(exchange.getProperty(SKIP, String.class)));
        ended(exchange);
    }

    /** Marks one delivery of the page as ended (see {@link PageSteps#settle}). */
    public static void ended(Exchange exchange) {
        exchange.setProperty(ENDED, Boolean.TRUE);
        PageContext page = exchange.getProperty(PAGE, PageContext.class);
        if (page != null && !exchange.getProperty(REPLAY, false, Boolean.class)) {
            page.ended();
        }
    }

    /** Each call to the vendor (first try and every redelivery) passes here. */
    public void attempt(Exchange exchange) {
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
    }

    /** Last step: the vendor took it. The ledger row is saved with the page (or at once on a replay). */
    public void delivered(Exchange exchange) {
        String vendor = exchange.getProperty(VENDOR, String.class);
        ClientChange change = exchange.getProperty(CHANGE, ClientChange.class);
        LedgerEntry entry = new LedgerEntry(vendor, change.id(), change.version(),
                exchange.getProperty(PAYLOAD, String.class), inputs.of(vendor, change));
        PageContext page = exchange.getProperty(PAGE, PageContext.class);
        if (page != null && !exchange.getProperty(REPLAY, false, Boolean.class)) {
            page.delivered(entry);
        } else {
            ledger.save(List.of(entry));
        }
        tracker.count(vendor, Outcome.DELIVERED);
        health.delivered(vendor);
        ended(exchange);
    }

    /**
     * Unchanged by its payload, but the row holds another input hash (or none: written before there was one, or a
     * setting, a route or the build changed since): keep this change's, so the next one like it is decided at page
     * open. Only with a page: the row is written when the page settles.
     */
    private void refreshInputHash(Exchange exchange, LedgerEntry last) {
        PageContext page = exchange.getProperty(PAGE, PageContext.class);
        if (page == null || exchange.getProperty(REPLAY, false, Boolean.class)) {
            return;
        }
        String hash = inputs.of(last.vendor(), exchange.getProperty(CHANGE, ClientChange.class));
        if (hash != null && !hash.equals(last.inputHash())) {
            page.refreshed(new LedgerEntry(last.vendor(), last.clientId(), last.version(), last.payload(), hash));
        }
    }

    private LedgerEntry last(Exchange exchange, String vendor, String clientId) {
        PageContext page = exchange.getProperty(PAGE, PageContext.class);
        if (page != null && !exchange.getProperty(REPLAY, false, Boolean.class)) {
            return page.last(vendor, clientId);
        }
        return ledger.find(vendor, clientId).orElse(null);
    }
}
