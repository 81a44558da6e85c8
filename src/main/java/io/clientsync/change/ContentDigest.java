package io.clientsync.change;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * SHA-256 of a change as received, all but its {@code version}: two versions of a client with the same digest
 * carry the same content, field for field and in the same order. A reordered or reformatted change only gets
 * another digest (and is then mapped and compared as any change is), never a wrong match.
 */
public final class ContentDigest {
    private static final String VERSION = "version";

    private ContentDigest() {
    }

    /**
     * A change's digest, made the first time it is asked for: a change the ledger decides by its version alone
     * (stale, no id) never needs one, and a re-run of an unchanged feed is mostly those. Two threads asking at once
     * may both make it; they make the same bytes.
     */
    public static final class Once {
        private final ObjectNode raw;
        private volatile byte[] digest;

        public Once(ObjectNode raw) {
            this.raw = raw;
        }

        public byte[] get() {
            byte[] d = digest;
            if (d == null) {
                d = of(raw);
                digest = d;
            }
            return d;
        }

        /** Whether it has been made yet (for tests and diagnostics). */
        public boolean made() {
            return digest != null;
        }
    }

    public static byte[] of(ObjectNode raw) {
        MessageDigest sha = sha256();
        try (JsonGenerator out = Json.MAPPER.createGenerator(
                new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : raw.properties()) {
                if (!VERSION.equals(field.getKey())) {
                    out.writeFieldName(field.getKey());
                    Json.MAPPER.writeTree(out, field.getValue());
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the stream only digests
        }
        return sha.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
