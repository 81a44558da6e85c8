package io.clientsync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;
import io.clientsync.testing.JarProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The file source in the packaged jar: the sandbox's sample files, and a file larger than the heap. */
class FileSourceJarIT {

    @Test
    void theSandboxServesItsSampleChangesAsFiles() throws Exception {
        JarProcess jar = JarProcess.in("file-sandbox-", Map.of());
        Process p = jar.start(List.of(), "--sandbox", "--source", "file", "--once");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(jar.err()).isEqualTo(3); // the four invalid sample changes, as with the feed
        assertThat(jar.out()).contains("sandbox: files " + jar.work().resolve("data/sandbox-files"));
        assertThat(jar.summary()).contains("pages 3, changes 55 (invalid 4, superseded 1, stale 0, unchanged 0)")
                .contains("fatora delivered 43,").contains("everlytic delivered 45,");
        try (Stream<Path> done = Files.list(jar.work().resolve("data/sandbox-files/done"))) {
            assertThat(done.map(f -> f.getFileName().toString()).sorted())
                    .containsExactly("changes-001.jsonl", "changes-002.jsonl", "changes-003.jsonl");
        }
    }

    /**
     * 20,000 changes of about 3 KB each (a 60 MB file) with a 64 MB heap: the file is checked and split as a
     * stream, one page of lines in memory at a time. Read whole, it would not fit.
     */
    @Test
    void aFileLargerThanTheHeapIsStreamed() throws Exception {
        int changes = 20_000;
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "file-large-in-");
        JarProcess jar = JarProcess.in("file-large-", Map.of("source.kinds", "file",
                "source.file.dir", dir.toString(), "source.file.min-age-ms", "100",
                "state.url", "jdbc:h2:file:" + dir.resolveSibling(dir.getFileName() + "-state"),
                "vendors.enabled", "fatora", "vendor.fatora.base-url", "http://127.0.0.1:9/v1",
                "vendor.fatora.api-key", "large-key-1"));
        String notes = "n".repeat(3000);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("large.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 1; i <= changes; i++) {
                ObjectNode c = Json.MAPPER.createObjectNode();
                c.put("id", "large-" + i).put("version", 1).put("name", "Large " + i).put("notes", notes);
                out.write(Json.write(c)); // no vendor id: each is counted no-id without a call, the source is tested
                out.write('\n');
            }
        }
        assertThat(Files.size(dir.resolve("large.jsonl"))).isGreaterThan(60_000_000L);

        Process p = jar.start(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), "--once");
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(jar.err()).isZero();
        assertThat(jar.summary()).contains("pages 200, changes 20000 (invalid 0,").contains("no-id 20000");
        assertThat(dir.resolve("done/large.jsonl")).exists();
    }
}
