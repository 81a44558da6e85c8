package io.clientsync.delivery;

import io.clientsync.support.Secrets;

/** A vendor refused or could not take a change. Messages pass through {@link Secrets#redact} when made. */
public abstract class DeliveryFailure extends RuntimeException {
    private final Integer httpStatus;
    private final String vendorCode;

    protected DeliveryFailure(String message, Integer httpStatus, String vendorCode) {
        super(Secrets.redact(message), null, false, false); // no stack trace: these are expected outcomes
        this.httpStatus = httpStatus;
        this.vendorCode = vendorCode;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public String vendorCode() {
        return vendorCode;
    }

    /** The reason class written to the dead-letter table. */
    public abstract String reason();
}
