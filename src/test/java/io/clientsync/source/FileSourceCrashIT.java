package io.clientsync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.support.Json;
import io.clientsync.testing.JarProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of the file source: the packaged jar is killed with SIGKILL while it reads a file (some pages of it
 * in the inbox, the rest not), then run again. The file was left where it was, is read again from its start, the
 * pages committed before the kill count as stale, and Fatora ends with every client once: no change lost, and no
 * change sent twice but what the vendor pipeline had in flight (one batch).
 */
class FileSourceCrashIT {
    static final int CHANGES = 8_000;
    static final int PAGE = 20;
    static final int BATCH = 50;

    @Test
    void aRunKilledMidFileLosesNothingAndTheReReadPagesAreStale() throws Exception {
        Set<Long> ids = LongStream.rangeClosed(1, CHANGES).boxed().collect(Collectors.toSet());
        try (FatoraSimulator fatora = new FatoraSimulator("crash-key-1", ids)) {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "file-crash-in-");
            JarProcess jar = JarProcess.in("file-crash-", Map.ofEntries(Map.entry("source.kinds", "file"),
                    Map.entry("sync.lock-ttl-ms", "1500"), // the killed run's lease runs out quickly
                    Map.entry("source.file.dir", dir.toString()), Map.entry("source.file.min-age-ms", "100"),
                    Map.entry("sync.page-size", Integer.toString(PAGE)),
                    Map.entry("delivery.batch-size", Integer.toString(BATCH)),
                    Map.entry("state.url", "jdbc:h2:file:" + dir.resolveSibling(dir.getFileName() + "-state")),
                    Map.entry("vendors.enabled", "fatora"), Map.entry("vendor.fatora.base-url", fatora.baseUrl()),
                    Map.entry("vendor.fatora.api-key", "crash-key-1"),
                    Map.entry("vendor.fatora.rate-limit", "100000")));
            Files.writeString(dir.resolve("clients.jsonl"), String.join("\n", lines(CHANGES)) + "\n");

            Process first = jar.start(List.of(), "--once");
            // the vendor has its first change: the source has committed a page and reads on through the file
            while (fatora.updates() < 1 && first.isAlive()) {
                Thread.sleep(2);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(dir.resolve("clients.jsonl")).as("killed mid-file: the file is still to be read").exists();
            assertThat(dir.resolve("done")).doesNotExist();
            int beforeKill = fatora.updates();
            Thread.sleep(1600); // the killed run's lease has to run out first

            Process second = jar.start(List.of(), "--once");
            assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(jar.err()).isZero();
            String summary = jar.summary();
            assertThat(summary).contains("changes " + CHANGES + " (invalid 0, superseded 0, stale ");
            Matcher stale = Pattern.compile("stale (\\d+), unchanged").matcher(summary);
            assertThat(stale.find()).isTrue();
            assertThat(Integer.parseInt(stale.group(1))).as("pages committed before the kill, read again: %s",
                    summary).isPositive();
            assertThat(dir.resolve("done/clients.jsonl")).exists();
            assertThat(dir.resolve("clients.jsonl")).doesNotExist();

            assertThat(fatora.clients()).hasSize(CHANGES);
            assertThat(fatora.clients().values()).allSatisfy(c -> assertThat(c.path("name").asText())
                    .startsWith("Crash "));
            int repeated = fatora.updates() - CHANGES;
            System.out.printf("file source crash: killed after %d Fatora updates; re-run %s; repeated calls %d "
                    + "(bound %d)%n", beforeKill, summary, repeated, BATCH);
            assertThat(repeated).as("only the batch in flight at the kill").isBetween(0, BATCH);
        }
    }

    static List<String> lines(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("id", "crash-" + i);
            c.put("version", 1);
            c.put("name", "Crash " + i);
            c.put("email", "crash" + i + "@example.dk");
            c.putObject("vendor_ids").put("fatora", i);
            out.add(Json.write(c));
        }
        return out;
    }
}
