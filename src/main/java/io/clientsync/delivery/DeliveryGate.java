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
    private final VendorCircuits circuits;

    public DeliveryGate(Ledger ledger, RunTracker tracker, VendorHealth health, InputDigest inputs,
                        VendorCircuits circuits) {
        this.inputs = inputs;
        this.circuits = circuits;
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
        // change's first pass starts them.
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
     * delivered one. Null when the change goes on to mapping. Batch open uses it for the whole batch at once.
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

    /** Marks one change of the batch as ended (see {@link BatchSteps#checkEnded}). */
    public static void ended(Exchange exchange) {
        exchange.setProperty(ENDED, Boolean.TRUE);
        BatchContext batch = batch(exchange);
        if (batch != null) {
            batch.ended();
        }
    }

    /** The batch the change belongs to; null on a replay, where the ledger is read and written directly. */
    static BatchContext batch(Exchange exchange) {
        BatchContext batch = exchange.getProperty(BATCH, BatchContext.class);
        return batch == null || exchange.getProperty(REPLAY, false, Boolean.class) ? null : batch;
    }

    /**
     * Each call to the vendor (first try and every redelivery) passes here: it takes a permission of the vendor's
     * circuit (a {@link VendorDownException} while the vendor is down: no call, the change waits).
     */
    public void attempt(Exchange exchange) {
        circuits.of(exchange.getProperty(VENDOR, String.class)).acquire();
        exchange.setProperty(PERMIT, Boolean.TRUE);
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
    }

    /** Last step of every call route: the vendor answered and the answer was taken; the circuit counts a success. */
    public void answered(Exchange exchange) {
        if (exchange.removeProperty(PERMIT) != null) {
            circuits.of(exchange.getProperty(VENDOR, String.class)).succeeded();
        }
    }

    /**
     * A call failed: a transient failure or an auth refusal counts against the vendor's circuit, anything else (a
     * permanent refusal, a 429) only gives its permission back. Called once per failed call, by the redelivery plan
     * or the dead-letter route, whichever sees it first.
     */
    void callFailed(Exchange exchange, Throwable cause) {
        if (exchange.removeProperty(PERMIT) == null) {
            return;
        }
        VendorCircuit circuit = circuits.of(exchange.getProperty(VENDOR, String.class));
        if (!(cause instanceof RateLimitedException)
                && (RedeliveryPlan.isTransient(cause) || cause instanceof AuthRejectedException)) {
            circuit.failed(DeadLetterRecorder.reason(cause) + ": " + DeadLetterRecorder.message(cause), cause);
        } else {
            circuit.released();
        }
    }

    /** Whether the vendor's circuit is open: its failures are the outage's, and its changes wait. */
    boolean isDown(Exchange exchange) {
        return circuits.of(exchange.getProperty(VENDOR, String.class)).isDown();
    }

    /** Last step: the vendor took it. The ledger row is saved with the batch (or at once on a replay). */
    public void delivered(Exchange exchange) {
        String vendor = exchange.getProperty(VENDOR, String.class);
        ClientChange change = exchange.getProperty(CHANGE, ClientChange.class);
        LedgerEntry entry = new LedgerEntry(vendor, change.id(), change.version(),
                exchange.getProperty(PAYLOAD, String.class), inputs.of(vendor, change));
        BatchContext batch = batch(exchange);
        if (batch != null) {
            batch.delivered(entry);
        } else {
            ledger.save(List.of(entry));
        }
        tracker.count(vendor, Outcome.DELIVERED);
        health.delivered(vendor);
        ended(exchange);
    }

    /**
     * Unchanged by its payload, but the row holds another input hash (or none: written before there was one, or a
     * setting, a route or the build changed since): keep this change's, so the next one like it is decided at batch
     * open. Only in a batch: the row is written when the batch settles.
     */
    private void refreshInputHash(Exchange exchange, LedgerEntry last) {
        BatchContext batch = batch(exchange);
        if (batch == null) {
            return;
        }
        String hash = inputs.of(last.vendor(), exchange.getProperty(CHANGE, ClientChange.class));
        if (hash != null && !hash.equals(last.inputHash())) {
            batch.refreshed(new LedgerEntry(last.vendor(), last.clientId(), last.version(), last.payload(), hash));
        }
    }

    private LedgerEntry last(Exchange exchange, String vendor, String clientId) {
        BatchContext batch = batch(exchange);
        if (batch != null) {
            return batch.last(clientId);
        }
        return ledger.find(vendor, clientId).orElse(null);
    }
}
