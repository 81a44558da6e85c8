package io.clientsync.config;

import java.util.Objects;

/**
 * One setting, declared once (as a Kamelet declares its properties): its key, kind and bounds, default, whether it
 * is a secret, and a one-line description. Start-up checks it from here ({@link #check}), the code reads bounded
 * values through it ({@link #longValue}), and {@code VendorSettingsDeclaredTest} holds application.properties and
 * the README's tables to it.
 *
 * @param key         the full key, {@code vendor.fatora.base-url}
 * @param kind        what the value must be
 * @param min         lowest allowed value (whole numbers, durations)
 * @param max         highest allowed value
 * @param defaultValue the shipped value; null for a secret or a setting without one
 * @param fallback    for an {@link Kind#OVERRIDE}: the key whose value applies when this one is unset
 * @param description one line, for the README and the commented block of application.properties
 */
public record SettingSpec(String key, Kind kind, long min, long max, String defaultValue, String fallback,
                          String description) {

    public enum Kind {
        /** an http(s) URL (http to loopback only), without query or fragment */
        URL,
        /** a credential: required, scrubbed from every message, given as an environment variable */
        SECRET,
        /** required text */
        TEXT,
        /** milliseconds, a whole number within the bounds */
        MILLIS,
        /** a whole number within the bounds */
        INTEGER,
        /** {@code name=number;name=number}, may be empty */
        NAME_NUMBERS,
        /** unset by default: a per-vendor override of {@link #fallback}, a whole number within the bounds */
        OVERRIDE
    }

    public SettingSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        if ((kind == Kind.OVERRIDE) != (fallback != null)) {
            throw new IllegalArgumentException(key + ": an override names its fallback, nothing else does");
        }
    }

    public static SettingSpec url(String key, String defaultValue, String description) {
        return new SettingSpec(key, Kind.URL, 0, 0, defaultValue, null, description);
    }

    public static SettingSpec secret(String key, String description) {
        return new SettingSpec(key, Kind.SECRET, 0, 0, null, null, description);
    }

    public static SettingSpec text(String key, String defaultValue, String description) {
        return new SettingSpec(key, Kind.TEXT, 0, 0, defaultValue, null, description);
    }

    public static SettingSpec millis(String key, long defaultValue, String description) {
        return new SettingSpec(key, Kind.MILLIS, 0, 86_400_000L, Long.toString(defaultValue), null, description);
    }

    public static SettingSpec integer(String key, long min, long max, long defaultValue, String description) {
        return new SettingSpec(key, Kind.INTEGER, min, max, Long.toString(defaultValue), null, description);
    }

    public static SettingSpec nameNumbers(String key, String defaultValue, String description) {
        return new SettingSpec(key, Kind.NAME_NUMBERS, 0, 0, defaultValue, null, description);
    }

    public static SettingSpec override(String key, String fallback, long min, long max, String description) {
        return new SettingSpec(key, Kind.OVERRIDE, min, max, null, fallback, description);
    }

    public boolean secret() {
        return kind == Kind.SECRET;
    }

    /** Throws {@link ConfigException} naming the key when the value is missing or not of its kind. */
    public void check(Settings s) {
        switch (kind) {
            case URL -> s.url(key);
            case SECRET -> s.secret(key);
            case TEXT -> s.required(key);
            case MILLIS, INTEGER -> s.longValue(key, min, max);
            case NAME_NUMBERS -> s.nameNumbers(key);
            case OVERRIDE -> longValue(s);
        }
    }

    /** The value of a whole-number setting within its bounds; an override unset takes its fallback's value. */
    public long longValue(Settings s) {
        if (kind == Kind.OVERRIDE) {
            return s.optional(key).isPresent() ? s.longValue(key, min, max) : s.longValue(fallback, min, max);
        }
        if (kind != Kind.MILLIS && kind != Kind.INTEGER) {
            throw new IllegalStateException(key + " is not a whole number");
        }
        return s.longValue(key, min, max);
    }

    /** The default as the README's table shows it. */
    public String shownDefault() {
        return switch (kind) {
            case SECRET -> "– (set `" + Settings.envName(key) + "`)";
            case OVERRIDE -> "`" + fallback + "`";
            default -> defaultValue == null || defaultValue.isEmpty() ? "–" : "`" + defaultValue + "`";
        };
    }

    /** The README table's row. */
    public String readmeRow() {
        String bounds = kind == Kind.INTEGER || kind == Kind.OVERRIDE ? " (" + min + " to " + max + ")" : "";
        return "| `" + key + "` | " + shownDefault() + " | " + description + bounds + " |";
    }

    /** The application.properties lines: the description as a comment, then the key (commented for an override). */
    public String propertiesLines() {
        String value = defaultValue == null ? "" : defaultValue;
        return "# " + description + "\n" + switch (kind) {
            case OVERRIDE -> "#" + key + "=";
            default -> key + "=" + value;
        };
    }
}
