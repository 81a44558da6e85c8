package io.clientsync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;

/**
 * Warm-up rounds until the JIT has settled: a round is repeated while the compilers were busy for more than
 * {@link #SETTLED} of its wall time, up to a number of rounds. On two cores client-sync's code base (Camel, Apache
 * HttpClient, H2, Jackson, the schema validator) keeps C2 busy for about a minute of sending: after 100,000 changes
 * the compiler threads still took a third of the process's CPU, and a run timed then measures the JIT as much as the
 * pipeline. The baseline, with far less code, settles sooner; both sides use the same rule.
 */
final class JitWarmup {
    /** The compilers' share of a round's wall time below which the JIT counts as settled. */
    static final double SETTLED = 0.05;

    private final int maxRounds;
    private int rounds;
    private long roundStart;
    private long jitAtRoundStart;
    private double lastShare = Double.NaN;
    private final long start = System.nanoTime();

    JitWarmup(int maxRounds) {
        this.maxRounds = Math.max(1, maxRounds);
    }

    /** Compile time so far, in ms, all compiler threads together. */
    static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** Ends the round under way (if any) and says whether to run another. */
    boolean another() {
        long now = System.nanoTime();
        if (rounds > 0) {
            lastShare = (compileMillis() - jitAtRoundStart) / ((now - roundStart) / 1e6);
            System.err.printf(java.util.Locale.ROOT, "warm-up round %d: %.1f s, the JIT compiled for %.1f%% of it%n",
                    rounds, (now - roundStart) / 1e9, lastShare * 100);
            if (lastShare < SETTLED || rounds >= maxRounds) {
                return false;
            }
        }
        rounds++;
        roundStart = now;
        jitAtRoundStart = compileMillis();
        return true;
    }

    int rounds() {
        return rounds;
    }

    void report(ObjectNode out) {
        out.put("warmupSeconds", (System.nanoTime() - start) / 1e9);
        out.put("warmupRounds", rounds);
        out.put("warmupLastJitShare", lastShare);
        out.put("warmupSettled", lastShare < SETTLED);
    }
}
