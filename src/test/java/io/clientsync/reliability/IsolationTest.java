package io.clientsync.reliability;

import io.clientsync.delivery.RunStats;
import io.clientsync.sandbox.FaultPlan;
import io.clientsync.sandbox.LoopbackServer;
import io.clientsync.sandbox.PaymoContactsSimulator;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.sandbox.SampleFeed;
import io.clientsync.state.VendorPositions;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 9, the two isolation proofs, against the project's strict loopback simulators (40 clients, pages
 * of 10) and the real application:
 * <ul>
 * <li>isolation: Fatora plus Paymo v3 contacts throttled to Paymo's real limit, 5 requests per 5 s (the client's
 * throttle and the simulator's own limit): Fatora's last update lands within 1.5x of a Fatora-only run;</li>
 * <li>outage: Fatora answers 503 to everything while Everlytic delivers: Everlytic's last update lands within 1.5x of
 * an Everlytic-only run, nothing is dead-lettered, the run reports Fatora down (exit 4); with Fatora back, the next
 * run delivers every waiting change with exactly one call per client, and no replay.</li>
 * </ul>
 * "Lands" is measured at the simulator: a thread polls the simulator's count of stored updates every 2 ms and keeps
 * the time of its last change, counted from the start of {@code runOnce()}. Every measured run has a fresh store and
 * fresh simulators. Each case prints one line with its times and ratio; the benchmark (IsolationBench) runs the same
 * cases and reports them.
 */
class IsolationTest {
    private static final int CLIENTS = 40;
    /** Paymo v3's real limit: 5 requests per 5 s per key. */
    private static final int PAYMO_LIMIT = 5;
    private static final long PAYMO_PERIOD_MS = 5000;

    @AfterEach
    void noFaults() {
        LoopbackServer.faults(null);
    }

    /**
     * One unmeasured run first, so that class loading, JIT and the first Camel start-up fall on no measured run (the
     * single-vendor baselines would otherwise be the slow ones, which would make the 1.5x bound easy to meet).
     */
    @BeforeAll
    static void warmUp() {
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false);
             SyncTestApp app = SyncTestApp.start(settings(sandbox, SyncTestApp.memoryStore(), "fatora,everlytic"))) {
            app.runOnce();
        }
    }

    @Test
    void fatoraIsNotHeldBackByPaymoContactsAtFivePerFiveSeconds() {
        IsolationResult r = isolationCase();
        System.out.println(r.line());
        assertThat(r.bothMillis()).as("Fatora's last update with Paymo contacts at 5 per 5 s, against "
                + r.aloneMillis() + " ms alone").isLessThanOrEqualTo(bound(r.aloneMillis()));
    }

    /** The isolation case's figures (printed by the test, reported by the benchmark). */
    record IsolationResult(long aloneMillis, long bothMillis, long runMillis, int paymoRequests, int paymo429s,
                           int paymoMaxWindow) {
        double ratio() {
            return IsolationTest.ratio(bothMillis, aloneMillis);
        }

        String line() {
            return String.format(Locale.ROOT, "isolation: fatora last update fatora-only %d ms, with paymo-contacts "
                            + "(5/5s) %d ms, ratio %.2f (bound %d ms); combined run %d ms; paymo-contacts %d requests, "
                            + "%d answered 429, at most %d arrived within 5 s (429s included)", aloneMillis, bothMillis,
                    ratio(), bound(aloneMillis), runMillis, paymoRequests, paymo429s, paymoMaxWindow);
        }
    }

    /**
     * Fatora alone, then Fatora with Paymo contacts at 5 per 5 s, each on a fresh store and simulators; checks every
     * outcome but the time bound, which the caller judges.
     */
    static IsolationResult isolationCase() {
        // baseline: Fatora alone, fresh store and simulators
        Measured alone;
        long fatoraEligible;
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false);
             SyncTestApp app = SyncTestApp.start(settings(sandbox, SyncTestApp.memoryStore(), "fatora"))) {
            alone = measure(app, sandbox.fatora()::updates);
            RunStats run = alone.stats();
            fatoraEligible = CLIENTS - run.count("fatora", "no-id") - run.count("fatora", "deleted");
            assertThat(run.count("fatora", "delivered")).as(run.summary()).isEqualTo(fatoraEligible);
            assertThat(sandbox.fatora().clients()).hasSize((int) fatoraEligible);
            assertThat(fatoraEligible).isEqualTo(fatoraEligible());
            assertThat(app.deadLetters()).isEmpty();
        }

        // Fatora plus Paymo contacts at 5 per 5 s: the client's throttle and the simulator's own sliding window.
        // Sandbox.start(.., false) makes a contacts simulator with a limit of 100,000 per second; this test starts
        // its own, with Paymo's real limit, and points the app at it.
        Measured both;
        int paymoRequests;
        int paymo429s;
        int paymoMaxWindow;
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false);
             PaymoContactsSimulator paymo = new PaymoContactsSimulator(Sandbox.PAYMO_CONTACTS_KEY,
                     SampleFeed.paymoContactsIds(CLIENTS), PAYMO_LIMIT, PAYMO_PERIOD_MS)) {
            Map<String, String> s = settings(sandbox, SyncTestApp.memoryStore(), "fatora,paymo-contacts");
            s.put("vendor.paymo-contacts.base-url", paymo.baseUrl());
            s.put("vendor.paymo-contacts.rate-limit", Integer.toString(PAYMO_LIMIT));
            s.put("vendor.paymo-contacts.rate-period-ms", Long.toString(PAYMO_PERIOD_MS));
            LoopbackServer.clearRequestTimes();
            try (SyncTestApp app = SyncTestApp.start(s)) {
                both = measure(app, sandbox.fatora()::updates);
                RunStats run = both.stats();
                // Fatora: the same outcome as alone
                assertThat(run.count("fatora", "delivered")).as(run.summary()).isEqualTo(fatoraEligible);
                assertThat(sandbox.fatora().clients()).hasSize((int) fatoraEligible);
                assertThat(sandbox.fatora().updates()).isEqualTo((int) fatoraEligible);
                // the run did finish with Paymo contacts delivering everything (slowly: that is expected)
                assertThat(run.anyDown()).as(run.summary()).isFalse();
                assertThat(run.note("paymo-contacts")).as(run.summary()).isNull();
                assertThat(run.count("paymo-contacts", "dead-lettered")).as(run.summary()).isZero();
                assertThat(run.count("paymo-contacts", "delivered") + run.count("paymo-contacts", "no-id")
                        + run.count("paymo-contacts", "deleted")).as(run.summary()).isEqualTo(CLIENTS);
                assertThat(paymo.contacts()).as("every contact of every delivered client")
                        .hasSize(expectedContacts());
                assertThat(app.deadLetters()).isEmpty();
                paymoRequests = paymo.requests();
                paymo429s = paymo.rateLimited();
                paymoMaxWindow = LoopbackServer.maxRequestsPerWindow("paymo-contacts", PAYMO_PERIOD_MS);
                // the combined run must really have been held back by Paymo for this to measure anything
                assertThat(both.runMillis()).as("the combined run lasts as long as Paymo's 5 per 5 s needs")
                        .isGreaterThan(both.lastLandingMillis() + 5 * PAYMO_PERIOD_MS);
            }
        }

        return new IsolationResult(alone.lastLandingMillis(), both.lastLandingMillis(), both.runMillis(),
                paymoRequests, paymo429s, paymoMaxWindow);
    }

    @Test
    void everlyticIsNotHeldBackByFatoraDownAndFatoraCatchesUpOnceBack() {
        OutageResult r = outageCase();
        System.out.println(r.line());
        assertThat(r.outageMillis()).as("Everlytic's last update with Fatora down, against "
                + r.aloneMillis() + " ms alone").isLessThanOrEqualTo(bound(r.aloneMillis()));
    }

    /** The outage case's figures (printed by the test, reported by the benchmark). */
    record OutageResult(long aloneMillis, long outageMillis, long outageRunMillis, long waiting, long recoveryMillis,
                        long fatoraDelivered, int fatoraCalls, long fatoraEligible) {
        double ratio() {
            return IsolationTest.ratio(outageMillis, aloneMillis);
        }

        String line() {
            return String.format(Locale.ROOT, "outage: everlytic last update everlytic-only %d ms, with fatora down "
                            + "(503) %d ms, ratio %.2f (bound %d ms); outage run %d ms, fatora down, %d waiting, 0 dead "
                            + "letters; recovery run %d ms: fatora delivered %d, %d PUTs for %d clients", aloneMillis,
                    outageMillis, ratio(), bound(aloneMillis), outageRunMillis, waiting, recoveryMillis,
                    fatoraDelivered, fatoraCalls, fatoraEligible);
        }
    }

    /**
     * Everlytic alone, then Everlytic with Fatora answering 503, then the recovery run with Fatora back, on fresh
     * stores and simulators; checks every outcome but the time bound, which the caller judges.
     */
    static OutageResult outageCase() {
        // baseline: Everlytic alone, fresh store and simulators
        Measured alone;
        long everlyticEligible;
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false);
             SyncTestApp app = SyncTestApp.start(settings(sandbox, SyncTestApp.memoryStore(), "everlytic"))) {
            alone = measure(app, sandbox.everlytic()::updates);
            RunStats run = alone.stats();
            everlyticEligible = CLIENTS - run.count("everlytic", "no-id") - run.count("everlytic", "deleted");
            assertThat(run.count("everlytic", "delivered")).as(run.summary()).isEqualTo(everlyticEligible);
            assertThat(app.deadLetters()).isEmpty();
        }

        Measured outage;
        // a down Fatora counts only the skips it reached before its circuit opened: the eligible clients are
        // taken from the sample feed (a Fatora id and not deleted)
        long fatoraEligible = fatoraEligible();
        long waiting;
        String store = SyncTestApp.memoryStore(); // kept: the recovery run goes on from this state
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false)) {
            Map<String, String> s = settings(sandbox, store, "fatora,everlytic");
            try (SyncTestApp app = SyncTestApp.start(s)) {
                LoopbackServer.faults(FaultPlan.down(Set.of("fatora")));
                outage = measure(app, sandbox.everlytic()::updates);
                LoopbackServer.faults(null);
                RunStats run = outage.stats();
                // Everlytic delivered everything
                assertThat(run.count("everlytic", "delivered")).as(run.summary()).isEqualTo(everlyticEligible);
                assertThat(run.count("everlytic", "dead-lettered")).isZero();
                assertThat(sandbox.everlytic().customers()).hasSize((int) everlyticEligible);
                // Fatora is down, its changes wait, nothing is dead-lettered; anyDown() is what makes --once exit 4
                assertThat(run.anyDown()).as("exit 4: " + run.summary()).isTrue();
                assertThat(run.note("fatora")).as(run.summary()).matches("down, \\d+ waiting");
                assertThat(run.summary()).contains("down, ");
                waiting = Long.parseLong(run.note("fatora").replaceAll("down, (\\d+) waiting", "$1"));
                assertThat(waiting).as("waiting: the inbox rows after Fatora's position")
                        .isBetween(fatoraEligible, (long) CLIENTS);
                assertThat(run.count("fatora", "delivered")).isZero();
                assertThat(run.count("fatora", "dead-lettered")).isZero();
                assertThat(run.deadLettered()).isZero();
                assertThat(app.deadLetters()).as("nothing is dead-lettered for an outage").isEmpty();
                assertThat(app.bean("vendorPositions", VendorPositions.class).of("fatora").down()).isTrue();
                assertThat(sandbox.fatora().updates()).isZero();
                assertThat(sandbox.fatora().clients()).isEmpty();
            }

            // Fatora is back: a next --once run on the same store delivers every waiting change, one call each
            LoopbackServer.clearRequestTimes();
            int authorizationsBefore = sandbox.fatora().authorizations();
            RunStats recovery;
            try (SyncTestApp app = SyncTestApp.start(s)) {
                recovery = app.runOnce();
                assertThat(recovery.anyDown()).as(recovery.summary()).isFalse();
                assertThat(recovery.note("fatora")).as(recovery.summary()).isNull();
                assertThat(recovery.count("fatora", "delivered")).as(recovery.summary()).isEqualTo(fatoraEligible);
                assertThat(recovery.count("fatora", "dead-lettered")).isZero();
                assertThat(recovery.count("everlytic", "delivered")).as("nothing new for Everlytic").isZero();
                assertThat(recovery.deadLettered()).isZero();
                assertThat(app.deadLetters()).as("no replay: there is nothing to replay").isEmpty();
                assertThat(app.bean("vendorPositions", VendorPositions.class).of("fatora").down()).isFalse();
            }
            int authorizations = sandbox.fatora().authorizations() - authorizationsBefore;
            int fatoraCalls = LoopbackServer.requestTimes("fatora").size() - authorizations;
            assertThat(sandbox.fatora().clients()).hasSize((int) fatoraEligible);
            assertThat(sandbox.fatora().updates()).as("stored updates: one per client").isEqualTo((int) fatoraEligible);
            assertThat(fatoraCalls).as("client PUTs Fatora received: exactly one per client")
                    .isEqualTo((int) fatoraEligible);
            assertThat(sandbox.everlytic().updates()).as("Everlytic got nothing twice")
                    .isEqualTo((int) everlyticEligible);

            return new OutageResult(alone.lastLandingMillis(), outage.lastLandingMillis(), outage.runMillis(),
                    waiting, recovery.elapsed().toMillis(), recovery.count("fatora", "delivered"), fatoraCalls,
                    fatoraEligible);
        }
    }

    /**
     * Within 1.5x of the single-vendor time, with an absolute floor of one second more than it: the Fatora-only run
     * takes about a second (Everlytic alone about three), and on a shared 2-core machine a few hundred milliseconds
     * of scheduling noise on so small a denominator would decide a pure ratio. A vendor held back by another one
     * misses it by tens of seconds (issue 15: 35 s against 1.2 s, 187 s against 3 s).
     */
    static long bound(long singleVendorMillis) {
        return Math.max(Math.round(singleVendorMillis * 1.5), singleVendorMillis + 1000);
    }

    private static double ratio(long millis, long baseline) {
        return baseline == 0 ? Double.NaN : (double) millis / baseline;
    }

    /**
     * Shipped settings that SyncTestApp's test defaults change and that decide a vendor's pace: the vendors' throttles
     * (SyncTestApp raises them to 1000 a second), the pool size and the back-off. The numbers (Fatora alone
     * 1.2 s, Everlytic alone 3 s) are those of the shipped settings; with them a held-back vendor is measured as a
     * user would see it, and a failing Fatora retries at its real pace while Everlytic runs.
     */
    private static final List<String> SHIPPED = List.of("vendor.fatora.rate-limit", "vendor.fatora.rate-period-ms",
            "vendor.everlytic.rate-limit", "vendor.everlytic.rate-period-ms", "delivery.concurrency",
            "delivery.redelivery-delay-ms", "delivery.max-redelivery-delay-ms", "delivery.max-retry-after-ms");

    private static Map<String, String> shipped() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> s = new HashMap<>();
        for (String key : SHIPPED) {
            s.put(key, Objects.requireNonNull(p.getProperty(key), key).trim());
        }
        return s;
    }

    /** The sandbox's settings for 40 clients in pages of 10, on the given store, with only these vendors. */
    private static Map<String, String> settings(Sandbox sandbox, String store, String vendors) {
        Map<String, String> s = new HashMap<>(sandbox.settings());
        s.putAll(shipped());
        s.put("state.url", store);
        s.put("state.user", "");
        s.put("state.password", "");
        s.put("sync.page-size", "10");
        s.put("vendors.enabled", vendors);
        return s;
    }

    /** Clients of the sample feed that Fatora gets: those with a Fatora id (all but every tenth), not deleted. */
    private static long fatoraEligible() {
        long n = 0;
        for (int i = 1; i <= CLIENTS; i++) {
            if (i % 10 != 0 && i != 7 && i != 23) {
                n++;
            }
        }
        return n;
    }

    /** Contacts Paymo holds after every client was delivered: the main one, and a second one on even clients. */
    private static int expectedContacts() {
        int n = 0;
        for (int i = 1; i <= CLIENTS; i++) {
            if (i % 10 != 0 && i != 7 && i != 23) { // no Paymo id; deleted (SampleFeed)
                n += i % 2 == 0 ? 2 : 1;
            }
        }
        return n;
    }

    record Measured(RunStats stats, long lastLandingMillis, long runMillis) {
    }

    /** Runs once, and measures from the start of runOnce() to the last change of the simulator's update count. */
    private static Measured measure(SyncTestApp app, IntSupplier updates) {
        try (LastLanding landing = new LastLanding(updates)) {
            RunStats stats = app.runOnce();
            long runMillis = landing.sinceStartMillis();
            return new Measured(stats, landing.finish(), runMillis);
        }
    }

    /** Polls a simulator's update count every 2 ms and keeps when it last changed. */
    private static final class LastLanding implements AutoCloseable {
        private final IntSupplier count;
        private final long start;
        private final Thread poller;
        private volatile boolean stopped;
        private int last;
        private long lastAt;

        LastLanding(IntSupplier count) {
            this.count = count;
            this.last = count.getAsInt();
            this.start = System.nanoTime();
            this.lastAt = start;
            this.poller = new Thread(() -> {
                while (!stopped) {
                    sample();
                    LockSupport.parkNanos(2_000_000);
                }
            }, "isolation-landing-poll");
            poller.setDaemon(true);
            poller.start();
        }

        private synchronized void sample() {
            int n = count.getAsInt();
            if (n != last) {
                last = n;
                lastAt = System.nanoTime();
            }
        }

        long sinceStartMillis() {
            return (System.nanoTime() - start) / 1_000_000;
        }

        /** Stops polling; milliseconds from the start to the last change seen. */
        long finish() {
            close();
            sample();
            synchronized (this) {
                return (lastAt - start) / 1_000_000;
            }
        }

        @Override
        public void close() {
            stopped = true;
            try {
                poller.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
