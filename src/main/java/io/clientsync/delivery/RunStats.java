package io.clientsync.delivery;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counts of one run: what the summary line prints, the runs table keeps and the exit code is decided from. */
public final class RunStats {
    private final long runId;
    private final String mode;
    private final List<String> vendors;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger invalid = new AtomicInteger();
    private final AtomicInteger superseded = new AtomicInteger();
    private final AtomicInteger stale = new AtomicInteger();
    private final AtomicInteger unchanged = new AtomicInteger();
    private final Map<String, String> notes = new ConcurrentHashMap<>();
    private final Map<String, Map<Outcome, LongAdder>> perVendor = new ConcurrentHashMap<>();

    public RunStats(long runId, String mode, List<String> vendors) {
        this.runId = runId;
        this.mode = mode;
        this.vendors = List.copyOf(vendors);
    }

    public long runId() {
        return runId;
    }

    /** The vendors this run delivered to (none for a source-only run). */
    public List<String> vendors() {
        return vendors;
    }

    public String mode() {
        return mode;
    }

    public void page(int changes, int invalidChanges, int supersededChanges) {
        pages.incrementAndGet();
        received.addAndGet(changes);
        invalid.addAndGet(invalidChanges);
        superseded.addAndGet(supersededChanges);
    }

    /** Changes the inbox already held at an equal or higher version: nothing for any vendor. */
    public void stale(int changes) {
        stale.addAndGet(changes);
    }

    /** Newer changes with the content the inbox held: their rows' versions raised in place, no vendor reads them. */
    public void unchanged(int changes) {
        unchanged.addAndGet(changes);
    }

    public int unchanged() {
        return unchanged.get();
    }

    public int stale() {
        return stale.get();
    }

    /**
     * How a vendor pipeline ended the run when not caught up: {@code down, N waiting} or {@code paused, N waiting};
     * or, under a source kind's name, what that source reports ({@code sql}: {@code gone: N, not deleted}).
     */
    public void note(String vendor, String note) {
        notes.put(vendor, note);
    }

    public String note(String vendor) {
        return notes.get(vendor);
    }

    /** Whether the run ended with some vendor down (its changes wait in the inbox): exit code 4. */
    public boolean anyDown() {
        return notes.values().stream().anyMatch(n -> n.startsWith("down"));
    }

    public void count(String vendor, Outcome outcome) {
        perVendor.computeIfAbsent(vendor, v -> {
            Map<Outcome, LongAdder> m = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                m.put(o, new LongAdder());
            }
            return m;
        }).get(outcome).increment();
    }

    public long count(String vendor, String outcomeLabel) {
        Map<Outcome, LongAdder> m = perVendor.get(vendor);
        return m == null ? 0 : m.get(Outcome.ofLabel(outcomeLabel)).sum();
    }

    public int pages() {
        return pages.get();
    }

    public int received() {
        return received.get();
    }

    public int invalid() {
        return invalid.get();
    }

    /** Dead letters written by this run: invalid changes plus every vendor's. */
    public long deadLettered() {
        long sum = invalid.get();
        for (Map<Outcome, LongAdder> m : perVendor.values()) {
            sum += m.get(Outcome.DEAD_LETTERED).sum();
        }
        return sum;
    }

    /** {@link #deadLettered()} per vendor, invalid changes under {@code source}; vendors with none left out. */
    public Map<String, Long> deadLettersByVendor() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        if (invalid.get() > 0) {
            counts.put("source", (long) invalid.get());
        }
        perVendor.forEach((vendor, m) -> {
            long n = m.get(Outcome.DEAD_LETTERED).sum();
            if (n > 0) {
                counts.put(vendor, n);
            }
        });
        return counts;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * One line: pages, changes, per vendor delivered / unchanged / stale / no-id / deleted / dead-lettered (and
     * {@code down, N waiting} or {@code paused, N waiting} where so), and the time.
     */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("client-sync run ").append(runId).append(" (").append(mode).append("): pages ").append(pages.get())
                .append(", changes ").append(received.get())
                .append(" (invalid ").append(invalid.get()).append(", superseded ").append(superseded.get())
                .append(", stale ").append(stale.get()).append(", unchanged ").append(unchanged.get()).append(')');
        notes.forEach((source, note) -> { // a source's own word, e.g. the SQL snapshot's rows gone from its result
            if (!vendors.contains(source)) {
                s.append("; ").append(source).append(' ').append(note);
            }
        });
        for (String vendor : vendors) {
            s.append("; ").append(vendor);
            String sep = " ";
            for (Outcome o : Outcome.values()) {
                s.append(sep).append(o.label()).append(' ').append(count(vendor, o.label()));
                sep = ", ";
            }
            String note = notes.get(vendor);
            if (note != null) {
                s.append(", ").append(note);
            }
        }
        s.append("; duration ").append(String.format(Locale.ROOT, "%.2fs", elapsed().toMillis() / 1000.0));
        return s.toString();
    }
}
