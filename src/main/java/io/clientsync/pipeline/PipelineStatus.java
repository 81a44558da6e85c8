package io.clientsync.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * One pipeline as an operator sees it: {@code status}, the metrics and (later) the console read this.
 *
 * @param state    source: {@code idle}; a vendor: {@code caught up}, {@code behind}, {@code paused} or {@code down}
 * @param position source: the inbox's last sequence number; a vendor: the sequence number it has settled
 * @param lag      changes in the inbox after the position (0 for the source)
 * @param oldest   how long the oldest of them has waited, null when none waits
 * @param since    down since, null unless down
 * @param reason   why it is down, null unless down
 * @param lastRun  when it last ran, null if never
 */
public record PipelineStatus(String pipeline, String state, long position, long lag, Duration oldest, Instant since,
                             String reason, Instant lastRun, String cursor) {

    public boolean down() {
        return "down".equals(state);
    }

    /** One line for {@code status}: name, state, position, lag, age of the oldest waiting change, last run. */
    public String line() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "%-16s %-10s position %d",
                pipeline, state, position));
        if (cursor != null) {
            s.append(", cursor ").append(cursor);
        } else {
            s.append(", lag ").append(lag).append(", oldest waiting ")
                    .append(oldest == null ? "-" : seconds(oldest));
        }
        if (since != null) {
            s.append(", down since ").append(since).append(": ").append(reason);
        }
        s.append(", last run ").append(lastRun == null ? "never" : lastRun.toString());
        return s.toString();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
