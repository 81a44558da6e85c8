package io.clientsync.change;

import java.util.Map;
import java.util.Optional;

/** A vendor's id for a record: an integer or a string of digits, checked before it goes into a URL. */
public final class VendorIdValue {
    private static final int MAX_DIGITS = 15;

    private VendorIdValue() {
    }

    public static Optional<String> of(Map<String, Object> ids, String vendor) {
        if (ids == null) {
            return Optional.empty();
        }
        Object value = ids.get(vendor);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString();
        if (!digits(text) || Long.parseLong(text) < 1) {
            throw new IllegalArgumentException("vendor_ids." + vendor + " must be a positive integer, was '"
                    + abbreviate(text) + "'");
        }
        return Optional.of(text);
    }

    /** 1 to 15 ASCII digits (asked several times per change: no regex matcher for it). */
    private static boolean digits(String text) {
        if (text.isEmpty() || text.length() > MAX_DIGITS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
