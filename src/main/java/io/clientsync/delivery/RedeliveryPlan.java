package io.clientsync.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code retryWhile} of the shared error handling: decides, per vendor, whether a failed call is tried again,
 * and sets the delay before it (Camel reads the {@code CamelRedeliveryDelay} header), so that tries and delays are
 * settable per vendor and a Retry-After is honoured.
 */
public final class RedeliveryPlan {
    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryPlan.class);
    /** The pseudo-vendor whose policy the source feed uses. */
    public static final String SOURCE = "source";

    private final Map<String, RetryPolicy> policies;
    private final DeliveryGate gate;

    /** @param gate settles a failed call with the vendor's circuit; null where no vendor calls are made */
    public RedeliveryPlan(Map<String, RetryPolicy> policies, DeliveryGate gate) {
        this.policies = Map.copyOf(policies);
        this.gate = gate;
    }

    public boolean shouldRetry(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String vendor = exchange.getProperty(DeliveryKeys.VENDOR, SOURCE, String.class);
        RetryPolicy policy = policies.getOrDefault(vendor, policies.get(SOURCE));
        if (gate != null && !SOURCE.equals(vendor)) {
            gate.callFailed(exchange, cause);
            if (gate.isDown(exchange)) {
                return false; // the outage's failure: no more tries, the change waits in the inbox
            }
        }
        if (cause instanceof AuthRejectedException) {
            // One fresh token and one more try; a second refusal is final.
            int auth = exchange.getProperty(DeliveryKeys.AUTH_RETRIES, 0, Integer.class);
            exchange.setProperty(DeliveryKeys.AUTH_RETRIES, auth + 1);
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 0L);
            return auth < 1;
        }
        if (cause instanceof RateLimitedException limited) {
            // A 429 is not a failed attempt: wait Retry-After (capped) without using up a try, at most maxWaits times.
            int waits = exchange.getProperty(DeliveryKeys.RATE_LIMIT_WAITS, 0, Integer.class);
            if (waits >= limited.maxWaits()) {
                return false;
            }
            exchange.setProperty(DeliveryKeys.RATE_LIMIT_WAITS, waits + 1);
            exchange.setProperty(DeliveryKeys.ATTEMPTS,
                    Math.max(0, exchange.getProperty(DeliveryKeys.ATTEMPTS, 1, Integer.class) - 1));
            Duration wait = limited.retryAfter() == null ? policy.delay(1, null)
                    : policy.delay(1, limited.retryAfter());
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
            LOG.debug("{}: rate limited, wait {} of {} for {} ms", vendor, waits + 1, limited.maxWaits(),
                    wait.toMillis());
            return true;
        }
        // Calls made so far, counted by the routes themselves: headers are cleared before each call.
        int redeliveries = Math.max(0, exchange.getProperty(DeliveryKeys.ATTEMPTS, 1, Integer.class) - 1);
        if (!isTransient(cause) || redeliveries >= policy.maxRedeliveries()) {
            return false;
        }
        Duration retryAfter = cause instanceof TransientDeliveryException t ? t.retryAfter() : null;
        Duration delay = policy.delay(redeliveries + 1, retryAfter);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
        LOG.debug("{}: retry {} of {} in {} ms", vendor, redeliveries + 1, policy.maxRedeliveries(), delay.toMillis());
        return true;
    }

    static boolean isTransient(Throwable cause) {
        if (cause instanceof TransientDeliveryException || cause instanceof IOException) {
            return true;
        }
        if (cause instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            return status == 408 || status == 429 || status >= 500;
        }
        return false;
    }
}
