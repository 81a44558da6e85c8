package io.clientsync.delivery;

/**
 * The vendor's circuit is open: the call is not made, and the change waits in the inbox for the vendor to come
 * back. Never a dead letter.
 */
public final class VendorDownException extends RuntimeException {
    public VendorDownException(String vendor, String why) {
        super(vendor + " is down (" + why + "): the change waits in the inbox", null, false, false);
    }
}
