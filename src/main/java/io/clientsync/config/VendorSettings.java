package io.clientsync.config;

import java.util.List;

import static io.clientsync.config.SettingSpec.integer;

/**
 * The settings every vendor has, declared once for all of them: its throttle (with the vendor's own defaults) and
 * the {@code delivery.*} values it may override, which application.properties lists as commented lines.
 */
public final class VendorSettings {
    private VendorSettings() {
    }

    public static String prefix(String vendor) {
        return "vendor." + vendor + ".";
    }

    /** Camel's throttle keeps one permit per allowed request: a huge limit costs memory, not speed. */
    public static List<SettingSpec> throttle(String vendor, long limit, long periodMs) {
        String p = prefix(vendor);
        return List.of(
                integer(p + "rate-limit", 1, 100_000, limit, "throttle: at most this many calls per rate-period-ms"),
                integer(p + "rate-period-ms", 1, 3_600_000, periodMs, "the throttle's period, in ms"));
    }

    /** The delivery settings a vendor may set for itself; unset, the delivery.* value applies. */
    public static List<SettingSpec> overrides(String vendor) {
        String p = prefix(vendor);
        return List.of(
                SettingSpec.override(p + "concurrency", "delivery.concurrency", 1, 256, "deliveries in flight to this vendor"),
                SettingSpec.override(p + "max-redeliveries", "delivery.max-redeliveries", 0, 100,
                        "redeliveries of a transient failure after the first try"),
                SettingSpec.override(p + "redelivery-delay-ms", "delivery.redelivery-delay-ms", 0, 3_600_000,
                        "first redelivery delay, doubling"),
                SettingSpec.override(p + "max-redelivery-delay-ms", "delivery.max-redelivery-delay-ms", 0, 3_600_000,
                        "cap of the redelivery delay"),
                SettingSpec.override(p + "max-retry-after-ms", "delivery.max-retry-after-ms", 0, 3_600_000,
                        "a Retry-After is honoured up to this"),
                SettingSpec.override(p + "down-after-calls", "delivery.down-after-calls", 1, 10_000,
                        "down when this many counted calls in a row failed"),
                SettingSpec.override(p + "down-retry-ms", "delivery.down-retry-ms", 0, 86_400_000,
                        "a down vendor is probed again after this"));
    }

    /** One of {@link #overrides}, by its name after the vendor's prefix ({@code concurrency}). */
    public static SettingSpec overrideOf(String vendor, String name) {
        String key = prefix(vendor) + name;
        return overrides(vendor).stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vendor override named " + name));
    }
}
