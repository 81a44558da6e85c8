package io.clientsync.state;

import java.time.Instant;
import java.util.Map;

/**
 * One run as the console shows it.
 *
 * @param pipeline    {@code all} (--once: every pipeline together), {@code source} or a vendor id
 * @param counts      for a vendor's view: its outcome counts by label (delivered, unchanged, ...), empty when the run
 *                    kept none (a replay, or a run recorded before release 2)
 * @param note        for a vendor's view: {@code down, N waiting} or {@code paused, N waiting}, null otherwise
 */
public record RunRecord(long id, String mode, String pipeline, Instant startedAt, Instant finishedAt, String status,
                        int pages, int changes, int invalid, int deadLetters, Map<String, Long> counts, String note,
                        String error) {

    public static final String SOURCE = "source";
}
