package io.clientsync.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each vendor's last run was fine. A vendor goes down when a change for it ran out of retries or its
 * credentials were refused; it comes back up after a run in which neither happened.
 */
public final class VendorHealth {
    private final Map<String, String> down = new ConcurrentHashMap<>();
    private final Set<String> failedThisRun = ConcurrentHashMap.newKeySet();

    public void runStarted() {
        failedThisRun.clear();
    }

    public void failed(String vendor, String why) {
        failedThisRun.add(vendor);
        down.put(vendor, why);
    }

    public void runFinished() {
        down.keySet().retainAll(failedThisRun);
    }

    /** @return why the vendor is down, or empty when it is fine */
    public Optional<String> problem(String vendor) {
        return Optional.ofNullable(down.get(vendor));
    }
}
