package io.clientsync.delivery;

import java.time.Duration;

/** Worth another try later: 429, 5xx without a vendor error, the transient vendor codes. */
public class TransientDeliveryException extends DeliveryFailure {
    private final Duration retryAfter;

    public TransientDeliveryException(String message, Integer httpStatus, String vendorCode, Duration retryAfter) {
        super(message, httpStatus, vendorCode);
        this.retryAfter = retryAfter;
    }

    /** The vendor's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String reason() {
        return "exhausted";
    }
}
