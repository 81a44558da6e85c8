package io.clientsync.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.sandbox.EverlyticSimulator;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.sandbox.SandboxFeed;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety (v2): the packaged jar is killed with SIGKILL at random moments of a run, alternately while the
 * source pipeline reads the feed (after a random number of pages) and while the vendor pipelines deliver (after a
 * random number of Fatora updates), the first kill in start-up; then started again, until a run completes. In the
 * end both vendors' records equal those of a clean run, no change is lost, and each vendor's repeated calls are
 * bounded by what it had in flight: at most one batch per kill. The default suite kills 5 times over a small feed;
 * {@code -Psoak} kills 8 times over 3,000 changes.
 */
class CrashSafetyIT {
    static final int KILLS = Integer.getInteger("crash.kills", 5);
    static final int CHANGES = Integer.getInteger("crash.changes", 600);
    static final int PAGE = 50;
    /** delivery.batch-size: a vendor repeats at most this many calls per kill. */
    static final int BATCH = 50;

    record Outcome(int exit, boolean killed) {
    }

    @Test
    void killedRunsLoseNothingAndRepeatAtMostTheBatchInFlightPerVendor() throws Exception {
        List<String> changes = FaultSoakTest.feed(CHANGES).stream().map(c -> c.replaceFirst(
                "\"vendor_ids\":\\{\"fatora\":(\\d+)}", "\"vendor_ids\":{\"fatora\":$1,\"everlytic\":$1}")).toList();
        assertThat(changes.get(0)).contains("\"everlytic\":1");
        Set<Long> ids = LongStream.rangeClosed(1, CHANGES).boxed().collect(Collectors.toSet());
        Map<Long, ObjectNode> clean;
        Map<Long, ObjectNode> cleanEverlytic;
        try (SandboxFeed feed = new SandboxFeed(changes); FatoraSimulator fatora = new FatoraSimulator("crash-key-1", ids);
             EverlyticSimulator everlytic = new EverlyticSimulator("crash-user", "crash-key-2", "UpdateCustomer", ids)) {
            try (SyncTestApp app = SyncTestApp.start(settings(feed, fatora, everlytic, SyncTestApp.memoryStore()))) {
                app.runOnce();
            }
            clean = fatora.clients();
            cleanEverlytic = everlytic.customers();
        }
        assertThat(clean).hasSize(CHANGES);
        assertThat(cleanEverlytic).hasSize(CHANGES);

        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        Random random = new Random(20261122);
        try (SandboxFeed feed = new SandboxFeed(changes); FatoraSimulator fatora = new FatoraSimulator("crash-key-1", ids);
             EverlyticSimulator everlytic = new EverlyticSimulator("crash-user", "crash-key-2", "UpdateCustomer", ids)) {
            Map<String, String> s = settings(feed, fatora, everlytic, "jdbc:h2:file:" + work.resolve("state"));
            s.put("sync.lock-ttl-ms", "1500"); // a killed holder's lease runs out quickly
            StringBuilder config = new StringBuilder();
            s.forEach((k, v) -> config.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
            Files.writeString(work.resolve("crash.properties"), config);
            List<Integer> killedAfterUpdates = new ArrayList<>();
            int kills = 0;
            int runs = 0;
            while (true) {
                runs++;
                assertThat(runs).as("runs needed").isLessThan(KILLS + 20);
                boolean kill = kills < KILLS;
                // the first kill lands in start-up; then alternately while the source reads (after a random number of
                // pages: the vendors deliver meanwhile) and while the vendors deliver (after a random number of new
                // Fatora updates: mid-batch, between batches, while a batch settles)
                boolean source = kills % 2 == 1;
                int pageAt = feed.pagesServed() + 1 + random.nextInt(Math.max(1, CHANGES / PAGE / 2));
                int killAt = fatora.updates() + 1 + random.nextInt(2 * BATCH);
                Outcome o = runJar(work, kill, kills == 0 ? 700 : -1,
                        // a source kill falls back to the vendor's trigger once the feed has been read to its end
                        () -> source && feed.pagesServed() >= pageAt || fatora.updates() >= killAt);
                if (o.killed()) {
                    kills++;
                    killedAfterUpdates.add(fatora.updates());
                    continue;
                }
                if (o.exit() == 1 && Files.readString(work.resolve("err.txt")).contains("holds the state store")) {
                    Thread.sleep(1600); // the killed run's lease has to run out first
                    continue;
                }
                assertThat(o.exit()).as(Files.readString(work.resolve("err.txt"))).isZero();
                if (kills >= KILLS) {
                    break;
                }
            }
            assertThat(fatora.clients()).as("Fatora's records after %d kills", kills).isEqualTo(clean);
            assertThat(everlytic.customers()).as("Everlytic's records after %d kills", kills).isEqualTo(cleanEverlytic);
            int repeated = fatora.updates() - CHANGES;
            int repeatedEverlytic = everlytic.updates() - CHANGES;
            System.out.printf("crash safety: %d kills at %s Fatora updates, %d runs, repeated calls: Fatora %d, "
                    + "Everlytic %d (bound %d each)%n", kills, killedAfterUpdates, runs, repeated, repeatedEverlytic,
                    kills * BATCH);
            Files.writeString(Path.of("target", "crash-safety.txt"), "kills=" + kills + " runs=" + runs
                    + " changes=" + CHANGES + " repeated.fatora=" + repeated + " repeated.everlytic="
                    + repeatedEverlytic + " bound=" + kills * BATCH + " killedAfterUpdates=" + killedAfterUpdates
                    + "\n");
            assertThat(repeated).isBetween(0, kills * BATCH);
            assertThat(repeatedEverlytic).isBetween(0, kills * BATCH);
        }
    }

    private static Map<String, String> settings(SandboxFeed feed, FatoraSimulator fatora, EverlyticSimulator everlytic,
                                                String state) {
        Map<String, String> s = new HashMap<>();
        s.put("source.url", feed.url());
        s.put("sync.page-size", Integer.toString(PAGE));
        s.put("delivery.batch-size", Integer.toString(BATCH));
        s.put("state.url", state);
        s.put("vendors.enabled", "fatora,everlytic");
        s.put("vendor.everlytic.base-url", everlytic.baseUrl());
        s.put("vendor.everlytic.username", "crash-user");
        s.put("vendor.everlytic.api-key", "crash-key-2");
        s.put("vendor.everlytic.rate-limit", "300");
        s.put("vendor.everlytic.rate-period-ms", "1000");
        s.put("vendor.fatora.base-url", fatora.baseUrl());
        s.put("vendor.fatora.api-key", "crash-key-1");
        s.put("vendor.fatora.rate-limit", "300");
        s.put("vendor.fatora.rate-period-ms", "1000");
        return s;
    }

    private static Outcome runJar(Path work, boolean kill, long killAfterMillis,
                                  java.util.function.BooleanSupplier killWhen) throws Exception {
        Path jar = Path.of("target/client-sync.jar").toAbsolutePath();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--once", "--config", "crash.properties",
                "--routes", Path.of("routes").toAbsolutePath().toString())
                .directory(work.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile())
                .start();
        if (kill) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline) {
                boolean now = killAfterMillis > 0 ? p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS) || true
                        : killWhen.getAsBoolean();
                if (now && p.isAlive()) {
                    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
                    p.waitFor(30, TimeUnit.SECONDS);
                    return new Outcome(p.exitValue(), true);
                }
                Thread.sleep(2);
            }
        }
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), false);
    }
}
