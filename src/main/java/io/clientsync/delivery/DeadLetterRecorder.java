package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.change.InvalidChange;
import io.clientsync.config.Vendors;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The dead-letter route's step: writes the dead_letter row (reason, HTTP status, vendor code and message, attempts,
 * the change without secrets) and counts it. If the row cannot be written the exception propagates and the page
 * fails: a change is never dropped silently.
 */
public final class DeadLetterRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecorder.class);
    public static final String INVALID_CHANGE = "invalid-change";

    private final DeadLetterStore store;
    private final RunTracker tracker;
    private final DeliveryGate gate;
    private final VendorHealth health;

    private final boolean dryRun;

    /** @param dryRun a dry run prints what it would dead-letter and writes nothing */
    public DeadLetterRecorder(DeadLetterStore store, RunTracker tracker, DeliveryGate gate, VendorHealth health,
                              boolean dryRun) {
        this.health = health;
        this.store = store;
        this.tracker = tracker;
        this.gate = gate;
        this.dryRun = dryRun;
    }

    private long write(DeadLetterStore.Failure failure) {
        if (dryRun) {
            System.out.println("dry-run dead letter " + failure.vendor() + " " + failure.clientId() + " v"
                    + failure.version() + " " + failure.reason() + ": " + failure.message());
            return 0;
        }
        return store.record(failure);
    }

    public void record(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof InvalidChange invalid) {
            recordInvalid(invalid);
            return;
        }
        String vendor = exchange.getProperty(DeliveryKeys.VENDOR, String.class);
        ClientChange change = exchange.getProperty(DeliveryKeys.CHANGE, ClientChange.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        gate.callFailed(exchange, cause);
        String reason = reason(cause);
        if (cause instanceof VendorDownException
                || (("exhausted".equals(reason) || "auth".equals(reason)) && gate.isDown(exchange))) {
            waits(exchange, change, vendor, cause);
            return;
        }
        Integer status = null;
        String code = null;
        if (cause instanceof DeliveryFailure failure) {
            status = failure.httpStatus();
            code = failure.vendorCode();
        } else if (cause instanceof HttpOperationFailedException http) {
            status = http.getStatusCode();
        }
        String message = message(cause);
        int attempts = Math.max(1, exchange.getProperty(DeliveryKeys.ATTEMPTS, 0, Integer.class));
        long id = write(new DeadLetterStore.Failure(vendor, change.id(), change.version(), reason, status,
                code, message, attempts, ChangeScrubber.scrub(change.raw()), runId(vendor)));
        tracker.count(vendor, Outcome.DEAD_LETTERED);
        DeliveryGate.ended(exchange);
        if ("auth".equals(reason)) {
            health.failed(vendor, reason + ": " + message); // refused credentials: no change gets through until fixed
        }
        LOG.warn("dead letter {}: {} client {} v{} {}: {}", id, vendor, change.id(), change.version(), reason,
                message);
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        exchange.setProperty(Replayer.DEAD_LETTERED, true);
    }

    /** The vendor is down: no dead letter, the change stays in the inbox and its batch's position stops before it. */
    private void waits(Exchange exchange, ClientChange change, String vendor, Throwable cause) {
        BatchContext batch = DeliveryGate.batch(exchange);
        if (batch != null) {
            batch.waiting(change);
        } else {
            exchange.setProperty(Replayer.DEAD_LETTERED, true); // a replay: its dead letter stays open
        }
        LOG.debug("{} client {} v{} waits: {}", vendor, change.id(), change.version(), message(cause));
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
    }

    private void recordInvalid(InvalidChange invalid) {
        String message = Json.printable(Secrets.redact(invalid.message()), 2000);
        String clientId = invalid.clientId() == null ? "?" : invalid.clientId();
        long id = write(new DeadLetterStore.Failure(Vendors.SOURCE, clientId, invalid.version(),
                INVALID_CHANGE, null, null, message, 1, ChangeScrubber.scrub(invalid.raw()), runId(RunTracker.SOURCE)));
        LOG.warn("dead letter {}: source client {} v{} invalid-change: {}", id, clientId, invalid.version(), message);
    }

    static String reason(Throwable cause) {
        if (cause instanceof DeliveryFailure failure) {
            return failure.reason();
        }
        if (cause instanceof IOException || RedeliveryPlan.isTransient(cause)) {
            return "exhausted";
        }
        if (cause instanceof IllegalArgumentException) {
            return PermanentDeliveryException.REJECTED;
        }
        return "error";
    }

    static String message(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        String text = cause instanceof DeliveryFailure
                ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return Json.printable(Secrets.redact(text), 2000);
    }

    private Long runId(String pipeline) {
        long id = tracker.of(pipeline).runId();
        return id > 0 ? id : null;
    }
}
