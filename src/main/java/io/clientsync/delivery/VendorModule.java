package io.clientsync.delivery;

import io.clientsync.config.Settings;

/**
 * One vendor's Java side: checks its settings and binds the beans its route file ({@code routes/vendor-ID.yaml})
 * uses. Adding a vendor = a module, a route file, a simulator, and a line in {@link VendorModules}.
 */
public interface VendorModule {
    /** The vendor id, as in vendors.enabled. */
    String id();

    /** Throws {@link io.clientsync.config.ConfigException} naming the setting that is missing or wrong. */
    void validate(Settings settings);

    /** Binds the beans of the vendor's route. */
    void bind(VendorContext context);

    /**
     * True when the mapped payload follows from the change, the settings and the route files alone, so that a
     * change with the content of the last delivered one can be counted unchanged without mapping it
     * ({@link InputDigest}). False for a vendor whose mapping also reads data of its own (lookups, stored ids).
     */
    default boolean payloadFollowsFromChange() {
        return true;
    }
}
