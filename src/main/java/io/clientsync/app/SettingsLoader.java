package io.clientsync.app;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings in layers, each winning over the one before: the defaults shipped in the jar (a copy of the project's
 * application.properties), the settings file ({@code ./application.properties} or {@code --config}), the
 * environment ({@code VENDOR_FATORA_API_KEY} for {@code vendor.fatora.api-key}), {@code -Dkey=value}, and the
 * command line's own (e.g. the sandbox's URLs).
 */
public final class SettingsLoader {
    public static final String DEFAULTS = "/defaults/application.properties";

    private SettingsLoader() {
    }

    public static Properties load(Path file, boolean fileRequired, Map<String, String> commandLine) {
        Properties merged = new Properties();
        try (InputStream in = SettingsLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in != null) {
                merged.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in defaults", e);
        }
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties fromFile = new Properties();
                fromFile.load(reader);
                merged.putAll(fromFile);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
            }
        } else if (fileRequired) {
            throw new ConfigException("--config", "file " + file + " does not exist");
        }
        Map<String, String> env = System.getenv();
        for (String key : merged.stringPropertyNames()) {
            String fromEnv = env.get(Settings.envName(key));
            if (fromEnv != null) {
                merged.setProperty(key, fromEnv);
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (!key.startsWith("java.") && !key.startsWith("sun.") && !key.startsWith("jdk.")
                    && !key.startsWith("os.") && !key.startsWith("user.") && !key.startsWith("file.")
                    && !key.startsWith("line.") && !key.startsWith("path.")) {
                merged.setProperty(key, System.getProperty(key));
            }
        }
        merged.putAll(commandLine);
        return merged;
    }

    /** A view that also finds keys that only the environment or -D holds. */
    public static Settings settings(Properties merged) {
        return new Settings(key -> {
            String v = merged.getProperty(key);
            if (v == null) {
                v = System.getProperty(key, System.getenv(Settings.envName(key)));
            }
            return Optional.ofNullable(v);
        });
    }
}
