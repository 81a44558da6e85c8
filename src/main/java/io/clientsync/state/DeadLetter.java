package io.clientsync.state;

import java.time.Instant;

/** One row of the dead_letter table. {@code changeJson} is the change as received, secrets removed. */
public record DeadLetter(long id, String vendor, String clientId, long version, String reason, Integer httpStatus,
                         String vendorCode, String message, int attempts, Instant firstFailedAt, Instant lastFailedAt,
                         String changeJson, String state) {

    public static final String OPEN = "open";
    public static final String REPLAYED = "replayed";
    public static final String DISCARDED = "discarded";

    /** The line that {@code dead-letters} prints: {@code <id> <vendor> <client id> v<version> <reason>: <message>}. */
    public String line() {
        return id + " " + vendor + " " + clientId + " v" + version + " " + reason + ": " + message;
    }
}
