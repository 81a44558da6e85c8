package io.clientsync.connector.paymocontacts;

import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * What Paymo's {@code X-Ratelimit-Limit}, {@code X-Ratelimit-Remaining} and {@code X-Ratelimit-Decay-Period}
 * headers said last. The throttle of the route keeps us under the configured rate; when Paymo says nothing
 * remains, the next request waits out the decay period (at most {@code maxWait}) instead of earning a 429.
 */
public final class PaymoRateLimits {
    private static final Logger LOG = LoggerFactory.getLogger(PaymoRateLimits.class);
    private final Duration maxWait;
    private Integer limit;
    private Integer remaining;
    private Integer decaySeconds;
    private long notBeforeNanos;

    public PaymoRateLimits(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Reads the headers of an answer (absent headers change nothing). */
    public void record(Message answer) {
        Integer l = number(answer.getHeader("X-Ratelimit-Limit"));
        Integer r = number(answer.getHeader("X-Ratelimit-Remaining"));
        Integer d = number(answer.getHeader("X-Ratelimit-Decay-Period"));
        synchronized (this) {
            if (l != null) {
                limit = l;
            }
            if (d != null) {
                decaySeconds = d;
            }
            if (r != null) {
                remaining = r;
                if (r <= 0) {
                    long waitMillis = Math.min(maxWait.toMillis(), (decaySeconds == null ? 1 : decaySeconds) * 1000L);
                    notBeforeNanos = System.nanoTime() + waitMillis * 1_000_000L;
                    LOG.debug("paymo-contacts: rate limit used up (limit {}), pausing {} ms", limit, waitMillis);
                }
            }
        }
    }

    /** Before a request: waits while Paymo said nothing remains. */
    public void awaitRoom() {
        long waitNanos;
        synchronized (this) {
            waitNanos = notBeforeNanos - System.nanoTime();
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized Integer limit() {
        return limit;
    }

    public synchronized Integer remaining() {
        return remaining;
    }

    public synchronized Integer decaySeconds() {
        return decaySeconds;
    }

    private static Integer number(Object header) {
        if (header == null) {
            return null;
        }
        try {
            return Integer.valueOf(header.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
