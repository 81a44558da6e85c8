package io.clientsync.connector.paymocontacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.change.ClientChange;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.RateLimitedException;
import io.clientsync.delivery.TransientDeliveryException;
import io.clientsync.delivery.VendorAnswer;
import org.apache.camel.Exchange;

/**
 * Reads Paymo's answer to the current contact op and applies it: a create keeps the new id in the xref table at
 * once, a delete forgets it, an update answered 404 becomes a create (once). 429 waits for Retry-After without
 * using up a try; 5xx and no answer are transient; 400, 401, 403 (and other 4xx) are refusals naming the contact,
 * except for an image upload, whose refusal fails only that step.
 */
public final class PaymoContactsAnswer {
    private final PaymoContactsPlanner planner;
    private final PaymoRateLimits rateLimits;
    private final int maxRateLimitWaits;

    public PaymoContactsAnswer(PaymoContactsPlanner planner, PaymoRateLimits rateLimits, int maxRateLimitWaits) {
        this.planner = planner;
        this.rateLimits = rateLimits;
        this.maxRateLimitWaits = maxRateLimitWaits;
    }

    public void interpret(Exchange exchange) {
        ContactPlan plan = exchange.getProperty(PaymoContactsPlanner.PLAN, ContactPlan.class);
        ContactOp op = plan.current().orElseThrow(() -> new IllegalStateException("no contact op pending"));
        rateLimits.record(exchange.getIn());
        VendorAnswer answer = VendorAnswer.of(exchange);
        int status = answer.status();
        String who = "contact " + op.contactId() + " (" + op.kind().name().toLowerCase(java.util.Locale.ROOT) + ")";
        if (status == 429) {
            throw new RateLimitedException("Paymo rate limit on " + who + ": " + answer.shortBody(), status,
                    answer.retryAfter(), maxRateLimitWaits);
        }
        if (status == 0 || status >= 500) {
            throw new TransientDeliveryException("Paymo answered HTTP " + status + " to " + who + ": "
                    + message(answer), status, null, answer.retryAfter());
        }
        boolean ok = status >= 200 && status < 300;
        switch (op.kind()) {
            case CREATE -> {
                if (!ok) {
                    throw refused(who, answer);
                }
                JsonNode id = answer.json() == null ? null : answer.json().path("clientcontacts").path(0).path("id");
                if (id == null || !id.canConvertToLong()) {
                    throw PermanentDeliveryException.refused("Paymo created " + who + " but answered no id: "
                            + answer.shortBody(), status, null);
                }
                planner.remember(plan, op.contactId(), id.asText());
            }
            case UPDATE -> {
                if (status == 404 && !op.recreated()) {
                    planner.remember(plan, op.contactId(), null);
                    ClientChange change = exchange.getProperty(DeliveryKeys.CHANGE, ClientChange.class);
                    plan.addAfter(op, planner.recreate(plan, op, change));
                    exchange.setProperty(DeliveryKeys.ATTEMPTS, 0);
                    return; // not done: the same op goes again as a create
                }
                if (!ok) {
                    throw refused(who, answer);
                }
            }
            case IMAGE -> {
                if (status == 401 || status == 403 || status == 404) {
                    throw refused(who, answer);
                }
                if (!ok) {
                    plan.stepFailed("contact " + op.contactId() + ": Paymo refused the image (HTTP " + status + "): "
                            + message(answer));
                }
            }
            case DELETE -> {
                if (!ok && status != 404) { // 404: already gone in Paymo
                    throw refused(who, answer);
                }
                planner.remember(plan, op.contactId(), null);
            }
            default -> throw new IllegalStateException("unknown op " + op.kind());
        }
        op.done(true);
        exchange.setProperty(DeliveryKeys.ATTEMPTS, 0); // the next op has its own tries
    }

    private static PermanentDeliveryException refused(String who, VendorAnswer answer) {
        return PermanentDeliveryException.refused("Paymo refused " + who + " (HTTP " + answer.status() + "): "
                + message(answer), answer.status(), null);
    }

    private static String message(VendorAnswer answer) {
        JsonNode json = answer.json();
        if (json != null && json.path("message").isTextual()) {
            return io.clientsync.support.Json.truncate(json.get("message").textValue(),
                    VendorAnswer.MAX_BODY_IN_MESSAGES);
        }
        return answer.shortBody();
    }
}
