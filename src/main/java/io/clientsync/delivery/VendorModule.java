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
}
