package io.clientsync.console;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;

/**
 * Where the management port listens and whether it asks for a token. Bound beyond loopback it must
 * ({@code console.token}); start-up refuses otherwise, naming the setting.
 *
 * @param token null when not set (loopback only)
 */
public record ConsoleSettings(String host, String token, boolean loopback) {
    public static final String TOKEN = "console.token";

    public static ConsoleSettings of(Settings s) {
        String host = s.optional("camel.management.host").orElse("0.0.0.0");
        String token = s.optionalSecret(TOKEN).filter(t -> !t.isBlank()).orElse(null);
        boolean loopback = ConsoleAccess.loopbackBind(host);
        if (!loopback && token == null) {
            throw new ConfigException(TOKEN, "is required when the management port is bound beyond loopback "
                    + "(camel.management.host=" + host + ")");
        }
        if (token != null && token.length() < 16) {
            throw new ConfigException(TOKEN, "must be at least 16 characters");
        }
        return new ConsoleSettings(host, token, loopback);
    }

    @Override
    public String toString() {
        return "ConsoleSettings[host=" + host + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
