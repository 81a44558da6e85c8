package io.clientsync.delivery;

import java.time.Duration;

/**
 * The vendor asked us to slow down (429 with Retry-After). Waiting for it is not a failed attempt:
 * {@link RedeliveryPlan} redelivers after Retry-After without using up a try, bounded by its own cap
 * ({@link #maxWaits()} waits per change), so a vendor that keeps answering 429 still ends in a dead letter.
 */
public class RateLimitedException extends TransientDeliveryException {
    private final int maxWaits;

    public RateLimitedException(String message, Integer httpStatus, Duration retryAfter, int maxWaits) {
        super(message, httpStatus, null, retryAfter);
        this.maxWaits = maxWaits;
    }

    /** How many 429 waits one change may take before it is dead-lettered as exhausted. */
    public int maxWaits() {
        return maxWaits;
    }
}
