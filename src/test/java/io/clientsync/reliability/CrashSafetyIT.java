package io.clientsync.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Crash safety: the packaged jar is killed with SIGKILL at random moments of a run (start-up, mid-page, between
 * pages), then started again, until a run completes. In the end the vendor's records equal those of a clean run,
 * no change is lost, and the repeated calls are bounded by what was in flight (at most a page per kill).
 * The default suite kills 5 times over a small feed; {@code -Psoak} kills 8 times over 3,000 changes.
 */
class CrashSafetyIT {
    static final int KILLS = Integer.getInteger("crash.kills", 5);
    static final int CHANGES = Integer.getInteger("crash.changes", 600);
    static final int PAGE = 50;

    record Outcome(int exit, boolean killed) {
    }

    @Test
    void killedRunsLoseNothingAndRepeatAtMostThePageInFlight() throws Exception {
        List<String> changes = FaultSoakTest.feed(CHANGES);
        Set<Long> ids = LongStream.rangeClosed(1, CHANGES).boxed().collect(Collectors.toSet());
        Map<Long, ObjectNode> clean;
        try (SandboxFeed feed = new SandboxFeed(changes); FatoraSimulator fatora = new FatoraSimulator("crash-key-1", ids)) {
            try (SyncTestApp app = SyncTestApp.start(settings(feed, fatora, SyncTestApp.memoryStore()))) {
                app.runOnce();
            }
            clean = fatora.clients();
        }
        assertThat(clean).hasSize(CHANGES);

        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        Random random = new Random(20261122);
        try (SandboxFeed feed = new SandboxFeed(changes); FatoraSimulator fatora = new FatoraSimulator("crash-key-1", ids)) {
            Map<String, String> s = settings(feed, fatora, "jdbc:h2:file:" + work.resolve("state"));
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
                // the first kill lands in start-up; the others after a random number of new vendor updates,
                // so that they hit mid-page, between pages and while a page settles
                int killAt = kills == 0 ? -1 : fatora.updates() + 1 + random.nextInt(2 * PAGE);
                Outcome o = runJar(work, kill, kills == 0 ? 700 : -1, () -> fatora.updates() >= killAt);
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
            assertThat(fatora.clients()).as("records after %d kills", kills).isEqualTo(clean);
            int repeated = fatora.updates() - CHANGES;
            System.out.printf("crash safety: %d kills at %s updates, %d runs, %d repeated calls (bound %d)%n",
                    kills, killedAfterUpdates, runs, repeated, kills * PAGE);
            Files.writeString(Path.of("target", "crash-safety.txt"), "kills=" + kills + " runs=" + runs
                    + " changes=" + CHANGES + " repeated=" + repeated + " bound=" + kills * PAGE
                    + " killedAfterUpdates=" + killedAfterUpdates + "\n");
            assertThat(repeated).isBetween(0, kills * PAGE);
        }
    }

    private static Map<String, String> settings(SandboxFeed feed, FatoraSimulator fatora, String state) {
        Map<String, String> s = new HashMap<>();
        s.put("source.url", feed.url());
        s.put("sync.page-size", Integer.toString(PAGE));
        s.put("state.url", state);
        s.put("vendors.enabled", "fatora");
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
