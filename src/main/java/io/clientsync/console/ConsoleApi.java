package io.clientsync.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.Replayer;
import io.clientsync.pipeline.Leases;
import io.clientsync.pipeline.PipelineStatus;
import io.clientsync.pipeline.PipelineStatuses;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.Ledger;
import io.clientsync.state.RunRecord;
import io.clientsync.state.RunStore;
import io.clientsync.state.SyncLock;
import io.clientsync.state.VendorPositions;
import io.clientsync.state.XrefStore;
import io.clientsync.support.Json;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console's pages show and do, as plain data: the HTTP layer ({@link ConsoleRoutes}) turns each answer into
 * JSON. Everything is read from the state store, so the console of one process shows the pipelines another runs.
 * Nothing here holds a secret: dead letters and the ledger keep changes with their secrets removed.
 */
public final class ConsoleApi {
    /** How many runs a pipeline's chart shows. */
    static final int RUNS = 30;
    /** The most dead letters one answer lists: the filter narrows the rest. */
    static final int DEAD_LETTERS = 500;

    /** The stores and helpers the console reads and acts through. */
    public record Parts(List<String> vendors, PipelineStatuses statuses, RunStore runs, DeadLetterStore deadLetters,
                        Ledger ledger, XrefStore xref, Inbox inbox, VendorPositions positions, SyncLock lock,
                        Replayer replayer) {
    }

    /** A change whose id the console does not know: the HTTP layer answers 404. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private final Parts parts;

    public ConsoleApi(Parts parts) {
        this.parts = parts;
    }

    public record Pipeline(String pipeline, String state, boolean running, String runningOn, long position, long lag,
                           Long oldestWaitingSeconds, Instant downSince, String downReason, Instant lastRun,
                           String cursor, List<RunRecord> runs) {
    }

    /** Every pipeline: the source first, then each enabled vendor. */
    public List<Pipeline> pipelines() {
        Map<String, String> holders = parts.lock().holders();
        List<Pipeline> out = new ArrayList<>();
        for (PipelineStatus s : parts.statuses().all(parts.vendors())) {
            boolean source = s.cursor() != null;
            String holder = holders.get(source ? "source" : Leases.vendor(s.pipeline()));
            boolean running = holder != null;
            // Down and paused say more than running; a vendor drains while running, whatever its lag says.
            String state = source ? (running ? "running" : "idle")
                    : s.down() || "paused".equals(s.state()) || !running ? s.state() : "running";
            out.add(new Pipeline(s.pipeline(), state, running, node(holder), s.position(), s.lag(),
                    s.oldest() == null ? null : s.oldest().toSeconds(), s.since(), s.reason(), s.lastRun(),
                    s.cursor(), parts.runs().recent(s.pipeline(), RUNS)));
        }
        return out;
    }

    /** A lease holder is {@code pid@host/uuid}: the node is what an operator can find. */
    private static String node(String holder) {
        if (holder == null) {
            return null;
        }
        int slash = holder.indexOf('/');
        return slash < 0 ? holder : holder.substring(0, slash);
    }

    public record DeadLetterRow(long id, String vendor, String clientId, long version, String reason,
                                Integer httpStatus, String vendorCode, String message, int attempts,
                                Instant firstFailedAt, Instant lastFailedAt, String state, JsonNode change) {
    }

    public List<DeadLetterRow> deadLetters(String vendor, String reason, String clientId, String state) {
        if (state != null && !state.isBlank() && !List.of(DeadLetter.OPEN, DeadLetter.REPLAYED, DeadLetter.DISCARDED)
                .contains(state.strip())) {
            throw new IllegalArgumentException("state must be open, replayed or discarded, not '" + state + "'");
        }
        return parts.deadLetters().search(vendor, reason, clientId, state, DEAD_LETTERS).stream()
                .map(d -> row(d, false)).toList();
    }

    /** One dead letter with the change as received (secrets removed). */
    public DeadLetterRow deadLetter(long id) {
        return row(one(id), true);
    }

    private DeadLetter one(long id) {
        return parts.deadLetters().byId(id).stream().findFirst()
                .orElseThrow(() -> new NotFound("no dead letter with id " + id));
    }

    private static DeadLetterRow row(DeadLetter d, boolean withChange) {
        JsonNode change = null;
        if (withChange) {
            try {
                change = Json.MAPPER.readTree(d.changeJson());
            } catch (Exception e) {
                change = Json.MAPPER.getNodeFactory().textNode(d.changeJson()); // as kept, if it never parsed
            }
        }
        return new DeadLetterRow(d.id(), d.vendor(), d.clientId(), d.version(), d.reason(), d.httpStatus(),
                d.vendorCode(), d.message(), d.attempts(), d.firstFailedAt(), d.lastFailedAt(), d.state(), change);
    }

    public record ReplayResult(int replayed, int discarded, int failedAgain, int leftOpen, List<String> lines) {
    }

    /** Replays these dead letters with the rules of {@code replay}: only open ones, each client's latest state. */
    public ReplayResult replay(List<Long> ids) {
        List<DeadLetter> selected = new ArrayList<>();
        for (long id : ids) {
            DeadLetter d = one(id);
            if (!DeadLetter.OPEN.equals(d.state())) {
                throw new IllegalStateException("dead letter " + id + " is " + d.state() + ", not open");
            }
            selected.add(d);
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        Replayer.Result r;
        try (PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8)) {
            r = parts.replayer().replay(selected, out);
        }
        return new ReplayResult(r.replayed(), r.discarded(), r.failedAgain(), r.leftOpen(),
                lines.toString(StandardCharsets.UTF_8).lines().toList());
    }

    public DeadLetterRow discard(long id) {
        DeadLetter d = one(id);
        if (!parts.deadLetters().discard(id)) {
            throw new IllegalStateException("dead letter " + id + " is " + d.state() + ", not open");
        }
        return deadLetter(id);
    }

    public record ClientView(String clientId, InboxState inbox, List<VendorView> vendors) {
    }

    public record InboxState(long version, long seq) {
    }

    public record VendorView(String vendor, Long deliveredVersion, Instant deliveredAt, JsonNode payload,
                             List<DeadLetterRow> openDeadLetters, Map<String, String> vendorIds) {
    }

    /** One client across every enabled vendor: what each last got, its open dead letters, the ids it gave. */
    public ClientView client(String clientId) {
        Map<String, Ledger.Delivered> delivered = new LinkedHashMap<>();
        parts.ledger().deliveredOf(clientId).forEach(d -> delivered.put(d.vendor(), d));
        Inbox.Held held = parts.inbox().held(List.of(clientId)).get(clientId);
        List<DeadLetterRow> open = parts.deadLetters().search(null, null, clientId, DeadLetter.OPEN, DEAD_LETTERS)
                .stream().map(d -> row(d, true)).toList();
        if (held == null && delivered.isEmpty() && open.isEmpty()) {
            throw new NotFound("no client with id " + clientId + " in the inbox, the ledger or the dead letters");
        }
        List<VendorView> vendors = new ArrayList<>();
        for (String vendor : parts.vendors()) {
            Optional<Ledger.Delivered> d = Optional.ofNullable(delivered.get(vendor));
            vendors.add(new VendorView(vendor, d.map(Ledger.Delivered::version).orElse(null),
                    d.map(Ledger.Delivered::at).orElse(null), d.map(x -> payload(x.payload())).orElse(null),
                    open.stream().filter(r -> r.vendor().equals(vendor)).toList(),
                    parts.xref().ofClient(vendor, clientId)));
        }
        return new ClientView(clientId, held == null ? null : new InboxState(held.version(), held.seq()), vendors);
    }

    private static JsonNode payload(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return Json.MAPPER.getNodeFactory().textNode(json); // Paymo's legacy form is kept as text
        }
    }

    /** Pauses or resumes a vendor (held in the store, as the {@code pause} and {@code resume} commands do). */
    public Pipeline hold(String vendor, boolean pause) {
        if (!parts.vendors().contains(vendor)) {
            throw new NotFound("no enabled vendor '" + vendor + "'; enabled: " + parts.vendors());
        }
        if (pause) {
            parts.positions().pause(vendor);
        } else {
            parts.positions().resume(vendor);
        }
        return pipelines().stream().filter(p -> p.pipeline().equals(vendor)).findFirst().orElseThrow();
    }
}
