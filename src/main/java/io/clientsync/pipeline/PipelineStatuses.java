package io.clientsync.pipeline;

import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.RunStore;
import io.clientsync.state.VendorPosition;
import io.clientsync.state.VendorPositions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every pipeline's status from the state store alone, so it works with no sync running (the CLI). */
public final class PipelineStatuses {
    private final Inbox inbox;
    private final VendorPositions positions;
    private final CursorStore cursors;
    private final RunStore runs;

    public PipelineStatuses(Inbox inbox, VendorPositions positions, CursorStore cursors, RunStore runs) {
        this.inbox = inbox;
        this.positions = positions;
        this.cursors = cursors;
        this.runs = runs;
    }

    /** The source first, then each of these vendors in their order. */
    public List<PipelineStatus> all(List<String> vendors) {
        List<PipelineStatus> out = new ArrayList<>();
        out.add(new PipelineStatus("source", "idle", inbox.head(), 0, null, null, null,
                runs.lastStart("source").orElse(null), cursors.current().orElse("(none: the feed's start)")));
        Map<String, VendorPosition> all = positions.all();
        for (String vendor : vendors) {
            out.add(vendor(all.getOrDefault(vendor, VendorPosition.fresh(vendor))));
        }
        return out;
    }

    public PipelineStatus vendor(VendorPosition p) {
        Inbox.Waiting waiting = inbox.waiting(p.position());
        String state = p.down() ? "down" : p.paused() ? "paused" : waiting.count() > 0 ? "behind" : "caught up";
        Duration oldest = waiting.oldest().map(t -> Duration.between(t, Instant.now())).orElse(null);
        return new PipelineStatus(p.vendor(), state, p.position(), waiting.count(), oldest, p.downSince(),
                p.downReason(), p.lastRunAt(), null);
    }
}
