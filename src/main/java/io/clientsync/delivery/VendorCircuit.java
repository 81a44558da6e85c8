package io.clientsync.delivery;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One vendor's circuit (DESIGN.md section 7), a resilience4j {@link CircuitBreaker} over its calls: transient
 * failures and auth refusals count against it, successes close it, permanent refusals and 429s do not count. When
 * every one of the last {@code downAfterCalls} counted calls failed, it opens: the vendor is down, its pipeline stops
 * taking changes and the changes in their retries stop retrying and wait in the inbox. After {@code retryAfter} the
 * next call is let through alone as a probe (half open).
 */
public final class VendorCircuit {
    private final String vendor;
    private final CircuitBreaker breaker;
    private volatile String lastFailure = "unknown failure";
    private final Duration retryAfter;
    private volatile long openedAt;

    public VendorCircuit(String vendor, int downAfterCalls, Duration retryAfter) {
        this.vendor = vendor;
        this.retryAfter = retryAfter;
        this.breaker = CircuitBreaker.of(vendor, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(downAfterCalls)
                .minimumNumberOfCalls(downAfterCalls)
                .failureRateThreshold(100)
                .waitDurationInOpenState(retryAfter)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = System.nanoTime();
            }
        });
    }

    /** Calls {@code down} with the reason when the circuit opens, {@code up} when it closes again. */
    public void onTransitions(BiConsumer<String, String> down, Consumer<String> up) {
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN, FORCED_OPEN -> down.accept(vendor, lastFailure);
                case CLOSED -> up.accept(vendor);
                default -> { }
            }
        });
    }

    /** Before a call: throws {@link VendorDownException} while the circuit is open (or its one probe is out). */
    public void acquire() {
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException e) {
            throw new VendorDownException(vendor, lastFailure);
        }
    }

    public void succeeded() {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }

    /** A transient failure or an auth refusal: it counts. */
    public void failed(String why, Throwable cause) {
        lastFailure = why;
        breaker.onError(0, TimeUnit.NANOSECONDS, cause);
    }

    /** A call whose outcome says nothing about the vendor being up (a permanent refusal, a 429): not counted. */
    public void released() {
        breaker.releasePermission();
    }

    /** Open or half open with its probe out: the vendor is down. */
    public boolean isDown() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** Down, and not yet time for the probe: a pipeline need not look at the inbox at all. */
    public boolean isResting() {
        return isDown() && System.nanoTime() - openedAt < retryAfter.toNanos();
    }

    public String lastFailure() {
        return lastFailure;
    }
}
