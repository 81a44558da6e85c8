package io.clientsync.source;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file source's settings ({@code source.kinds=file}), checked at start-up so that a mistake stops with a
 * message naming the key (exit 2) instead of a route that polls a directory it can never move a file out of.
 *
 * @param dir        {@code source.file.dir}: where the *.jsonl files are dropped; done/ and error/ are made inside it
 * @param pollMs     {@code source.file.poll-ms}: scheduled mode looks for new files this often
 * @param minAgeMs   {@code source.file.min-age-ms}: a file is read once it has not changed for this long
 * @param waitMs     {@code source.file.read-lock-timeout-ms}: how long one look waits for a file still being written
 *                   before leaving it for the next
 */
public record FileSourceSettings(Path dir, long pollMs, long minAgeMs, long waitMs) {
    public static final String DIR = "source.file.dir";
    public static final String POLL_MS = "source.file.poll-ms";
    public static final String MIN_AGE_MS = "source.file.min-age-ms";
    public static final String WAIT_MS = "source.file.read-lock-timeout-ms";

    public static FileSourceSettings of(Settings s) {
        String value = s.optional(DIR).orElseThrow(() -> new ConfigException(DIR,
                "is required when source.kinds names file"));
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(DIR, "'" + value + "' is not an existing directory");
        }
        // The source moves every file it reads into done/ or error/ beside it: a directory it cannot write to would
        // have it read the same files on every run.
        if (!Files.isWritable(dir)) {
            throw new ConfigException(DIR, "'" + value + "' is not writable (files are moved to done/ and error/)");
        }
        long minAge = s.longValue(MIN_AGE_MS, 1, 3_600_000);
        long wait = s.longValue(WAIT_MS, 1, 3_600_000);
        if (wait <= minAge) {
            throw new ConfigException(WAIT_MS, "must be more than " + MIN_AGE_MS + " (" + minAge
                    + "), or a file just written could never be read");
        }
        return new FileSourceSettings(dir, s.longValue(POLL_MS, 10, 86_400_000), minAge, wait);
    }
}
