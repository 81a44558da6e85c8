package io.clientsync.config;

/** A missing or wrong setting: start-up stops (exit code 2) with a message that names the setting. */
public class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("setting " + key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
