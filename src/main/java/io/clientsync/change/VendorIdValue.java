package io.clientsync.change;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A vendor's id for a record: an integer or a string of digits, checked before it goes into a URL. */
public final class VendorIdValue {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");

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
        if (!DIGITS.matcher(text).matches() || Long.parseLong(text) < 1) {
            throw new IllegalArgumentException("vendor_ids." + vendor + " must be a positive integer, was '"
                    + abbreviate(text) + "'");
        }
        return Optional.of(text);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
