package io.clientsync.delivery;

/** The vendor refused the change, or its rules would (then nothing was sent): no retries, straight to dead letters. */
public class PermanentDeliveryException extends DeliveryFailure {
    public static final String REFUSED = "refused";
    public static final String REJECTED = "rejected";

    private final String reason;

    public PermanentDeliveryException(String reason, String message, Integer httpStatus, String vendorCode) {
        super(message, httpStatus, vendorCode);
        this.reason = reason;
    }

    /** A vendor's answer refused it. */
    public static PermanentDeliveryException refused(String message, Integer httpStatus, String vendorCode) {
        return new PermanentDeliveryException(REFUSED, message, httpStatus, vendorCode);
    }

    /** The vendor's rules reject it before any call. */
    public static PermanentDeliveryException rejected(String message) {
        return new PermanentDeliveryException(REJECTED, message, null, null);
    }

    @Override
    public String reason() {
        return reason;
    }
}
