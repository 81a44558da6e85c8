package io.clientsync.state;

import java.time.Instant;

/**
 * One vendor pipeline's place in the inbox and its state.
 *
 * @param position   the inbox sequence number up to which every change has ended for this vendor
 * @param paused     held by an operator ({@code pause --vendor}); kept across restarts
 * @param downSince  when its circuit opened, null while it is up
 * @param downReason why, null while it is up
 * @param lastRunAt  when its pipeline last settled a batch or found nothing to do; null if it never ran
 */
public record VendorPosition(String vendor, long position, boolean paused, Instant downSince, String downReason,
                             Instant lastRunAt) {

    public static VendorPosition fresh(String vendor) {
        return new VendorPosition(vendor, 0, false, null, null, null);
    }

    public boolean down() {
        return downSince != null;
    }
}
