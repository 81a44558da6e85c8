package io.clientsync.source;

import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong file source setting stops start-up with exit 2 and a message naming the key. */
class FileSourceSettingsTest {
    @TempDir
    Path dir;

    record Exit(int code, String err) {
    }

    static Exit once(String... settings) {
        List<String> args = new ArrayList<>(List.of("--once", "-D", "state.url=" + SyncTestApp.memoryStore(),
                "-D", "vendors.enabled=fatora", "-D", "vendor.fatora.api-key=k-1234", "-D", "source.kinds=file"));
        for (String setting : settings) {
            args.add("-D");
            args.add(setting);
        }
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Exit(ClientSyncCommand.execute(args.toArray(String[]::new)),
                    captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void theDirectoryIsRequiredAndMustExist() throws Exception {
        Exit missing = once();
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("setting source.file.dir: is required when source.kinds names file");

        Exit absent = once("source.file.dir=" + dir.resolve("nowhere"));
        assertThat(absent.code()).isEqualTo(2);
        assertThat(absent.err()).contains("setting source.file.dir:").contains("is not an existing directory");

        Path file = Files.writeString(dir.resolve("a-file"), "");
        Exit notADirectory = once("source.file.dir=" + file);
        assertThat(notADirectory.code()).isEqualTo(2);
        assertThat(notADirectory.err()).contains("setting source.file.dir:").contains("is not an existing directory");
    }

    @Test
    void theReadLockAndPollSettingsAreChecked() {
        Exit wait = once("source.file.dir=" + dir, "source.file.min-age-ms=5000",
                "source.file.read-lock-timeout-ms=5000");
        assertThat(wait.code()).isEqualTo(2);
        assertThat(wait.err()).contains("setting source.file.read-lock-timeout-ms: must be more than "
                + "source.file.min-age-ms (5000)");

        Exit poll = once("source.file.dir=" + dir, "source.file.poll-ms=0");
        assertThat(poll.code()).isEqualTo(2);
        assertThat(poll.err()).contains("setting source.file.poll-ms: must be between 10 and 86400000, was 0");
    }

    @Test
    void theSettingsAreOnlyAskedForWhenTheFileSourceIsUsed() {
        Exit feed = once("source.kinds=feed", "source.file.dir=" + dir.resolve("nowhere"), "source.url=http://");
        assertThat(feed.err()).doesNotContain("source.file.dir").contains("source.url");
    }
}
