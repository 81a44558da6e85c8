package io.clientsync.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every credential and token client-sync holds is registered here, so that any text leaving the process (exception
 * messages, dead letters, logs of vendor answers) can be scrubbed of them.
 */
public final class Secrets {
    private static final int MIN_LENGTH = 4; // shorter values would scrub ordinary words
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            VALUES.add(secret);
        }
    }

    /** What is registered now (the test suite sweeps its logs for these). */
    public static Set<String> registered() {
        return Set.copyOf(VALUES);
    }

    public static String redact(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : VALUES) {
            if (out.contains(secret)) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }

    /** True when a setting name holds a credential (its value is never printed); a webhook URL holds a token. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.endsWith("password") || k.endsWith("api-key") || k.endsWith("token") || k.endsWith("secret")
                || k.endsWith("secret-key") || k.endsWith("webhook-url");
    }
}
