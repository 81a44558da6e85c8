package io.clientsync.state;

import io.clientsync.config.ConfigException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encrypts what the inbox must keep of a change's secret fields (DESIGN.md section 6): AES-256-GCM from the JDK, a
 * random 12-byte nonce per value, stored as base64 of nonce and ciphertext. The key is {@code state.secret-key}; on
 * H2 without it, a key made once into a file beside the store that only its owner can read.
 */
public final class SecretSeal {
    public static final String SETTING = "state.secret-key";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** In-memory H2 stores live as long as the JVM: so does their key. */
    private static final Map<String, byte[]> MEMORY_KEYS = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    /** A Mac is not thread-safe; the source pipeline's parse runs on several threads. */
    private final ThreadLocal<javax.crypto.Mac> macs;

    SecretSeal(byte[] key) {
        if (key.length != 32) {
            throw new ConfigException(SETTING, "must be 32 bytes in base64 (44 characters), e.g. the output of "
                    + "'openssl rand -base64 32'; it is " + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
        // A key of its own for hashing, so that the encryption key is never used for two purposes.
        byte[] macKey = hmac(key).doFinal("client-sync inbox content hash".getBytes(StandardCharsets.US_ASCII));
        this.macs = ThreadLocal.withInitial(() -> hmac(macKey));
    }

    /**
     * HMAC-SHA256 of these bytes under a key derived from this store's key, in base64url: a hash of content that may
     * hold a secret, which cannot be tried against guesses without the key (the inbox's content hash).
     */
    public String mac(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(macs.get().doFinal(data));
    }

    private static javax.crypto.Mac hmac(byte[] key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
        }
    }

    /** The seal of a store: the setting when given, else H2's key file (or memory); PostgreSQL requires the setting. */
    public static SecretSeal of(String setting, String stateUrl) {
        if (setting != null && !setting.isBlank()) {
            try {
                return new SecretSeal(Base64.getDecoder().decode(setting.trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SETTING, "is not base64 (give 32 random bytes in base64, e.g. the output "
                        + "of 'openssl rand -base64 32')");
            }
        }
        if (stateUrl.startsWith("jdbc:h2:file:")) {
            return new SecretSeal(keyFile(keyFileOf(stateUrl)));
        }
        if (stateUrl.startsWith("jdbc:h2:mem:")) {
            return new SecretSeal(MEMORY_KEYS.computeIfAbsent(stateUrl, u -> randomKey()));
        }
        throw new ConfigException(SETTING, "is required with a PostgreSQL store: 32 random bytes in base64, the same "
                + "on every node (e.g. the output of 'openssl rand -base64 32'; set STATE_SECRET_KEY)");
    }

    /** {@code jdbc:h2:file:./data/client-sync;CACHE_SIZE=4096} -> {@code ./data/client-sync.secret-key}. */
    static Path keyFileOf(String stateUrl) {
        String path = stateUrl.substring("jdbc:h2:file:".length());
        int options = path.indexOf(';');
        return Path.of((options < 0 ? path : path.substring(0, options)) + ".secret-key");
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                byte[] key = randomKey();
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            "rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: read theirs
                }
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(SETTING, "is unset and the key file " + file + " cannot be made or read ("
                    + e.getClass().getSimpleName() + "); set the setting instead");
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public String seal(String clear) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Throws naming the setting when the value was sealed under another key (the key was changed). */
    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new ConfigException(SETTING, "does not open the secrets the inbox holds: it is not the key they "
                    + "were sealed with");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed inbox value cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }
}
