package io.clientsync.delivery;

import java.time.Duration;

/**
 * How often and how long to retry a transient failure of one vendor (or the source feed): exponential back-off from
 * {@code firstDelay}, doubling, at most {@code maxDelay}; a Retry-After is honoured up to {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxRedeliveries, Duration firstDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** The delay before redelivery number {@code redelivery} (1 = the first redelivery). */
    public Duration delay(int redelivery, Duration retryAfter) {
        long millis = firstDelay.toMillis();
        for (int i = 1; i < redelivery && millis < maxDelay.toMillis(); i++) {
            millis *= 2;
        }
        millis = Math.min(millis, maxDelay.toMillis());
        if (retryAfter != null) {
            millis = Math.max(millis, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
        }
        return Duration.ofMillis(millis);
    }
}
