package io.clientsync.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each vendor is fine. A vendor goes down when a change for it ran out of retries or its credentials were
 * refused, and comes back up with the next delivery it takes (a run with nothing to send proves nothing).
 */
public final class VendorHealth {
    private final Map<String, String> down = new ConcurrentHashMap<>();

    public void failed(String vendor, String why) {
        down.put(vendor, why);
    }

    public void delivered(String vendor) {
        if (!down.isEmpty()) {
            down.remove(vendor);
        }
    }

    /** @return why the vendor is down, or empty when it is fine */
    public Optional<String> problem(String vendor) {
        return Optional.ofNullable(down.get(vendor));
    }
}
