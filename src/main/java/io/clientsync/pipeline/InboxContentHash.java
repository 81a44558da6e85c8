package io.clientsync.pipeline;

import io.clientsync.change.ClientChange;
import io.clientsync.change.ContentDigest;
import io.clientsync.delivery.InputDigest;
import io.clientsync.state.SecretSeal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The content hash an inbox row keeps (Flyway V4): a keyed hash of every enabled vendor's input hash of the change
 * (its content less its version, with the vendor's fingerprint: build, route files, settings). A newer version with
 * the row's content hash would be mapped to what every vendor already decided, so the inbox raises the row's
 * version in place and no vendor reads it again. None (null) when a vendor has no input hash, because its payload
 * does not follow from the change alone (TimeLog's lookups, Paymo v3 contacts) or sync.skip-same-content is off:
 * such changes always take a new sequence number and every vendor compares them. Keyed (HMAC under the store's
 * secret key) because the content may hold a secret field.
 */
public final class InboxContentHash {
    /** The enabled vendors' fingerprints in one, made once; null when there is no content hash. */
    private final byte[] vendors;
    private final SecretSeal seal;

    public InboxContentHash(InputDigest inputs, List<String> enabled, SecretSeal seal) {
        this.seal = seal;
        this.vendors = seal == null || enabled.isEmpty() ? null : fingerprints(inputs, enabled);
    }

    /** No content hashes: every newer change takes a new sequence number. */
    public static InboxContentHash off() {
        return new InboxContentHash(InputDigest.off(), List.of(), null);
    }

    /** SHA-256 of each enabled vendor's id and fingerprint in id order; null if a vendor has no fingerprint. */
    private static byte[] fingerprints(InputDigest inputs, List<String> enabled) {
        MessageDigest sha = ContentDigest.sha256();
        for (String vendor : enabled.stream().sorted().toList()) {
            byte[] fingerprint = inputs.fingerprint(vendor);
            if (fingerprint == null) {
                return null;
            }
            sha.update((vendor + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(fingerprint);
        }
        return sha.digest();
    }

    /** The change's content hash, or null when some enabled vendor has no input hash (or none is enabled). */
    public String of(ClientChange change) {
        byte[] content = vendors == null ? null : change.contentDigest();
        if (content == null) {
            return null;
        }
        byte[] both = Arrays.copyOf(vendors, vendors.length + content.length);
        System.arraycopy(content, 0, both, vendors.length, content.length);
        return seal.mac(both);
    }
}
