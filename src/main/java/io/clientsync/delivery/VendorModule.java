package io.clientsync.delivery;

import io.clientsync.config.SettingSpec;
import io.clientsync.config.Settings;
import io.clientsync.config.VendorSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * One vendor's Java side: checks its settings and binds the beans its route file ({@code routes/vendor-ID.camel.yaml})
 * uses. Adding a vendor = a module, a route file, a simulator, and a line in {@link VendorModules}.
 */
public interface VendorModule {
    /** The vendor id, as in vendors.enabled. */
    String id();

    /**
     * The vendor's own settings, each declared once with its kind, bounds, default and description (its throttle
     * from {@link VendorSettings#throttle}). Start-up checks them, and a test holds application.properties and the
     * README to them.
     */
    List<SettingSpec> settings();

    /** Its own settings and the delivery settings it may override ({@link VendorSettings#overrides}). */
    default List<SettingSpec> declared() {
        List<SettingSpec> all = new ArrayList<>(settings());
        all.addAll(VendorSettings.overrides(id()));
        return all;
    }

    /**
     * Throws {@link io.clientsync.config.ConfigException} naming the setting that is missing or wrong: every
     * declared one by its declaration. A vendor whose settings depend on each other adds its checks after this.
     */
    default void validate(Settings settings) {
        declared().forEach(spec -> spec.check(settings));
    }

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
