package io.clientsync.config;

import java.util.List;

/** The vendor ids client-sync knows (the names used in vendors.enabled, vendor.ID.* and a change's vendor_ids). */
public final class Vendors {
    public static final String FATORA = "fatora";
    public static final String PAYMO = "paymo";
    public static final String PAYMO_CONTACTS = "paymo-contacts";
    public static final String TIMELOG = "timelog";
    public static final String EVERLYTIC = "everlytic";
    /** The pseudo-vendor of dead letters for changes that broke the schema. */
    public static final String SOURCE = "source";

    public static final List<String> KNOWN = List.of(FATORA, PAYMO, PAYMO_CONTACTS, TIMELOG, EVERLYTIC);

    private Vendors() {
    }

    public static boolean isKnown(String vendor) {
        return KNOWN.contains(vendor);
    }
}
