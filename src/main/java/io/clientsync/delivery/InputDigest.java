package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import io.clientsync.change.ContentDigest;
import io.clientsync.config.Settings;
import io.clientsync.support.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The input hash of a delivery (ledger column {@code input_hash}): SHA-256 of what the vendor's payload is made
 * from, namely the change's {@link ContentDigest} and the vendor's fingerprint (the build of client-sync, every
 * route file, and the vendor's settings less its credentials). When the next change of a client has the input
 * hash of its last delivery, mapping it would give the payload the ledger holds, so page open counts it
 * {@code unchanged} without a route per change (sync.skip-same-content).
 *
 * <p>Only vendors whose payload follows from the change and the settings alone take part
 * ({@link VendorModule#payloadFollowsFromChange()}); for the others, and when the setting is off, there is no
 * hash and every change is mapped and compared. A fingerprint that differs (a setting, a route or the build
 * changed) only means the changes are mapped once more: a wrong "unchanged" would need a SHA-256 collision.
 */
public final class InputDigest {
    /** Written by the build (filtered resource): the version and the time it was built. */
    static final String BUILD_RESOURCE = "/client-sync-build.properties";

    private final Map<String, MessageDigest> primed;
    private final Map<String, byte[]> fingerprints;

    private InputDigest(Map<String, MessageDigest> primed, Map<String, byte[]> fingerprints) {
        this.primed = primed;
        this.fingerprints = fingerprints;
    }

    /** No input hashes: every change is mapped and compared. */
    public static InputDigest off() {
        return new InputDigest(Map.of(), Map.of());
    }

    /** @param fingerprints vendor id to its fingerprint; vendors left out get no input hash */
    public static InputDigest of(Map<String, byte[]> fingerprints) {
        Map<String, MessageDigest> primed = new HashMap<>();
        fingerprints.forEach((vendor, fingerprint) -> {
            MessageDigest sha = ContentDigest.sha256();
            sha.update(fingerprint);
            primed.put(vendor, sha);
        });
        return new InputDigest(Map.copyOf(primed), Map.copyOf(fingerprints));
    }

    /** For the enabled vendors that take part, from the running context's settings and route files. */
    public static InputDigest of(CamelContext camel, Settings settings, List<VendorModule> vendors) {
        String build = build();
        List<byte[]> routes = routeFiles(camel);
        Map<String, byte[]> fingerprints = new HashMap<>();
        for (VendorModule vendor : vendors) {
            if (vendor.payloadFollowsFromChange()) {
                fingerprints.put(vendor.id(), fingerprint(vendor.id(), build, vendorSettings(camel, settings,
                        vendor.id()), routes));
            }
        }
        return of(fingerprints);
    }

    /** The vendor's fingerprint (build, route files, settings less credentials), or null when it takes no part. */
    public byte[] fingerprint(String vendor) {
        byte[] fingerprint = fingerprints.get(vendor);
        return fingerprint == null ? null : fingerprint.clone();
    }

    /** The input hash of this change for this vendor, or null when there is none. */
    public String of(String vendor, ClientChange change) {
        MessageDigest prototype = primed.get(vendor);
        if (prototype == null || change.contentDigest() == null) {
            return null;
        }
        MessageDigest sha;
        try {
            sha = (MessageDigest) prototype.clone(); // the primed state is only read, never updated
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 of this runtime cannot be cloned", e);
        }
        sha.update(change.contentDigest());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    static byte[] fingerprint(String vendor, String build, Map<String, String> settings, List<byte[]> routes) {
        MessageDigest sha = ContentDigest.sha256();
        field(sha, "vendor", vendor);
        field(sha, "build", build);
        new TreeMap<>(settings).forEach((key, value) -> field(sha, key, value));
        for (byte[] route : routes) {
            field(sha, "route", Base64.getEncoder().encodeToString(route));
        }
        return sha.digest();
    }

    /** Length-prefixed, so that no two different inputs feed the same bytes. */
    private static void field(MessageDigest sha, String name, String value) {
        for (String part : new String[] {name, value}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
    }

    /** vendor.ID.* with their resolved values, less the credentials (a digest of a secret is not stored). */
    private static Map<String, String> vendorSettings(CamelContext camel, Settings settings, String vendor) {
        String prefix = "vendor." + vendor + ".";
        Map<String, String> values = new TreeMap<>();
        for (String key : camel.getPropertiesComponent().loadProperties(k -> k.startsWith(prefix))
                .stringPropertyNames()) {
            if (!Secrets.isSecretKey(key)) {
                values.put(key, settings.optional(key).orElse(""));
            }
        }
        return values;
    }

    private static List<byte[]> routeFiles(CamelContext camel) {
        String patterns = camel.getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern")
                .orElse("");
        List<Resource> found = new ArrayList<>();
        try {
            for (String pattern : patterns.split(",")) {
                if (!pattern.isBlank()) {
                    found.addAll(PluginHelper.getPackageScanResourceResolver(camel).findResources(pattern.trim()));
                }
            }
            found.sort(Comparator.comparing(Resource::getLocation));
            List<byte[]> files = new ArrayList<>();
            for (Resource resource : found) {
                try (InputStream in = resource.getInputStream()) {
                    files.add(in.readAllBytes());
                }
            }
            return files;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the route files " + patterns + ": " + e.getMessage(), e);
        }
    }

    private static String build() {
        try (InputStream in = InputDigest.class.getResourceAsStream(BUILD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + BUILD_RESOURCE + " on the class path (made by the build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
