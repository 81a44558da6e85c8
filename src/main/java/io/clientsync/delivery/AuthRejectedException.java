package io.clientsync.delivery;

/** The vendor refused our credentials or token: refresh once and retry, then dead-letter as {@code auth}. */
public class AuthRejectedException extends DeliveryFailure {
    public AuthRejectedException(String message, Integer httpStatus, String vendorCode) {
        super(message, httpStatus, vendorCode);
    }

    @Override
    public String reason() {
        return "auth";
    }
}
