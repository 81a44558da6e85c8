package io.clientsync.alerts;

import io.clientsync.support.Json;
import io.clientsync.support.Secrets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert, as the webhook gets it: a Slack-compatible {@code text} and the same facts as fields, so that a chat
 * shows the line and a tool can read the rest.
 *
 * @param kind        what happened
 * @param vendor      the vendor id, or {@value #SOURCE} for the source pipeline; null for dead letters (see the counts)
 * @param message     why, from exception text or a vendor answer: redacted and cut when the alert is made
 * @param since       when the state began (a vendor down: since when; up again: since when it had been down)
 * @param at          when the alert was made
 * @param runId       the run it came from, or null
 * @param deadLetters dead letters of the run per vendor ({@value #SOURCE}: invalid changes), or empty
 */
public record Alert(Kind kind, String vendor, String message, Instant since, Instant at, Long runId,
                    Map<String, Long> deadLetters) {
    public static final String SOURCE = "source";
    /** A vendor answer can be long; a chat line need not be. */
    private static final int MAX_MESSAGE = 500;

    public enum Kind {
        VENDOR_DOWN("vendor-down"), VENDOR_UP("vendor-up"), DEAD_LETTERS("dead-letters"),
        SOURCE_FAILED("source-failed"), SOURCE_RECOVERED("source-recovered");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Alert {
        message = Json.printable(Secrets.redact(message), MAX_MESSAGE); // never a credential, never a control char
        deadLetters = deadLetters == null ? Map.of() : Map.copyOf(deadLetters);
    }

    /** The line a chat shows. */
    public String text() {
        return switch (kind) {
            case VENDOR_DOWN -> "client-sync: " + vendor + " is down since " + since + ", its changes wait in the "
                    + "inbox: " + message;
            case VENDOR_UP -> "client-sync: " + vendor + " is up again (down since " + since + ")";
            case DEAD_LETTERS -> "client-sync: run " + runId + " dead-lettered " + total() + " changes "
                    + deadLetters + " (see: client-sync dead-letters)";
            case SOURCE_FAILED -> "client-sync: the source pipeline failed in run " + runId
                    + ", the cursor stays: " + message;
            case SOURCE_RECOVERED -> "client-sync: the source pipeline works again (run " + runId + ")";
        };
    }

    public long total() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The webhook's JSON body: {@code text} first, then the fields (absent ones left out). */
    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text());
        body.put("kind", kind.label());
        putIfSet(body, "vendor", vendor);
        putIfSet(body, "message", message);
        putIfSet(body, "since", since == null ? null : since.toString());
        body.put("at", at.toString());
        putIfSet(body, "run_id", runId);
        if (!deadLetters.isEmpty()) {
            body.put("dead_letters", new java.util.TreeMap<>(deadLetters));
        }
        return Json.write(body);
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
