package io.clientsync.config;

import io.clientsync.support.Secrets;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed, checked view of the settings (application.properties, then the environment, then -D). Every accessor
 * throws {@link ConfigException} naming the key when a value is missing or wrong.
 */
public final class Settings {
    private final Function<String, Optional<String>> lookup;

    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public Optional<String> optional(String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(key, "is required (set it in "
                + "application.properties, as " + envName(key) + " or as -D" + key + "=...)"));
    }

    /** A credential: required, and registered so that it is scrubbed from every message. */
    public String secret(String key) {
        String value = required(key);
        Secrets.register(value);
        return value;
    }

    public Optional<String> optionalSecret(String key) {
        Optional<String> value = optional(key);
        value.ifPresent(Secrets::register);
        return value;
    }

    public int integer(String key, int min, int max) {
        return (int) longValue(key, min, max);
    }

    public long longValue(String key, long min, long max) {
        String value = required(key);
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, was '" + shown(key, value) + "'");
        }
    }

    public Duration millis(String key) {
        return Duration.ofMillis(longValue(key, 0, 86_400_000L));
    }

    public boolean bool(String key) {
        String value = required(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(key, "must be true or false, was '" + shown(key, value) + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public List<String> list(String key) {
        List<String> items = new ArrayList<>();
        for (String item : optional(key).orElse("").split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** {@code name=number;name=number} (names may hold commas and spaces). */
    public Map<String, Integer> nameNumbers(String key) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (String pair : optional(key).orElse("").split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw new ConfigException(key, "each entry must be name=number, '" + pair.trim() + "' is not");
            }
            String name = pair.substring(0, eq).trim();
            try {
                map.put(name, Integer.parseInt(pair.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "the number of '" + name + "' is not a whole number");
            }
        }
        return map;
    }

    /**
     * An http(s) URL. Plain http is allowed only to loopback hosts (the sandbox and tests); everything else must
     * use https, whose certificates are checked.
     */
    public URI url(String key) {
        String value = required(key);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new ConfigException(key, "must be an http(s) URL with a host, was '" + shown(key, value) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(key, "must not hold credentials; use the vendor's credential settings");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // Camel adds the route files' endpoint parameters to it as a query, and each request sets its own.
            throw new ConfigException(key, "must not carry a query or fragment, was '" + shown(key, value) + "'");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigException(key, "plain http is only allowed to loopback hosts; use https for "
                    + uri.getHost());
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: never resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String shown(String key, String value) {
        return Secrets.isSecretKey(key) ? "****" : value;
    }
}
