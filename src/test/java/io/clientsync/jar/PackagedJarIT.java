package io.clientsync.jar;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar itself, as a user runs it: in a working directory with application.properties and routes/.
 * This is where a component missing from the jar (but present on the test class path) would show.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target/client-sync.jar").toAbsolutePath();
    private static Path work;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void workingDirectory() throws IOException {
        assertThat(JAR).exists();
        work = io.clientsync.testing.JarWorkDir.create("jar-it-");
    }

    static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("jar finished in time").isTrue();
        return new Run(p.exitValue(), Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void sandboxOnceExits3ForTheInvalidSampleChangesWithTheRightCounts() throws Exception {
        Run run = run("--sandbox", "--once");
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        String summary = run.out().lines().filter(l -> l.startsWith("client-sync run ")).findFirst().orElseThrow();
        assertThat(summary).contains("pages 3, changes 55 (invalid 4, superseded 1, stale 0, unchanged 0)");
        Matcher fatora = Pattern.compile("fatora delivered (\\d+), unchanged (\\d+), stale (\\d+), no-id (\\d+), "
                + "deleted (\\d+), dead-lettered (\\d+)").matcher(summary);
        assertThat(fatora.find()).as(summary).isTrue();
        assertThat(fatora.group(1)).isEqualTo("43");
        assertThat(fatora.group(4)).isEqualTo("5");
        assertThat(fatora.group(5)).isEqualTo("2");
        assertThat(fatora.group(6)).isEqualTo("0");
        assertThat(run.err()).doesNotContain(io.clientsync.sandbox.Sandbox.FATORA_KEY);

        Run list = run("dead-letters", "--sandbox");
        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).allMatch(l -> l.matches("\\d+ source \\S+ v-?\\d+ invalid-change: .+"));
        assertThat(lines).anyMatch(l -> l.contains("bad/id") && l.contains("$.id"));
    }

    @Test
    void dryRunPrintsWhatWouldBeSentAndSavesNothing() throws Exception {
        Run run = run("--sandbox", "--dry-run");
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out().lines().filter(l -> l.startsWith("dry-run fatora client ")).count()).isEqualTo(43);
        assertThat(run.out()).contains("dry-run dead letter source bad/id v1 invalid-change");
    }

    @Test
    void replayOfInvalidChangesLeavesThemOpenAndSaysWhy() throws Exception {
        run("--sandbox", "--once");
        Run replay = run("replay", "--all", "--sandbox");
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("left open: an invalid change is fixed at the source")
                .contains("replay: replayed 0, discarded 0, failed again 0, left open 4");
    }

    @Test
    void aWrongSettingStopsStartUpWithExit2NamingIt() throws Exception {
        Run run = run("--once", "--config", "missing.properties");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--config").contains("missing.properties");

        Files.writeString(work.resolve("bad.properties"), "sync.cron=every five minutes\n");
        Run cron = run("--once", "--sandbox", "--config", "bad.properties");
        assertThat(cron.exit()).isEqualTo(2);
        assertThat(cron.err()).contains("setting sync.cron");

        Run url = run("--once", "-Dsource.url=http://crm.example.com/feed", "-Dvendor.fatora.api-key=k-123456");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("setting source.url").contains("https");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--once", "--sandbox", "--dry-run", "dead-letters", "replay", "status", "pause",
                "resume", "console");
    }
}
