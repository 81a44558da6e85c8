package io.clientsync.source;

import io.clientsync.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 rows of a PostgreSQL table through the SQL source in a JVM of its own with {@code -Xmx256m} (and
 * {@code -XX:+ExitOnOutOfMemoryError}): the result streams a fetch at a time and only a page is held, so the heap
 * does not grow with the table: the run's live set (sampled after a full GC every second) stays under
 * {@value #LIVE_SET_LIMIT_MB} MB. Incremental, then a snapshot run over the same table. The figures go to
 * target/sql-heap.txt. {@code -Dsql.heap.rows=N} changes the size.
 */
class SqlHeapTest {
    static final int ROWS = Integer.getInteger("sql.heap.rows", 100_000);
    static final int LIVE_SET_LIMIT_MB = 48;

    @Test
    void aHundredThousandRowsRunInASmallHeap(@TempDir Path dir) throws Exception {
        SourceTable table = SourceTable.inPostgres();
        table.exec("insert into crm_clients select 'c' || g, 1, 'Client ' || g, 'c' || g || '@x.dk', "
                + "'{\"line1\": \"Street ' || g || '\", \"city\": \"Aarhus\", \"country\": \"DK\"}', "
                + "jsonb_build_object('fatora', g), timestamp '2026-01-01 00:00:00' + (g / 3) * interval '1 second' "
                + "from generate_series(1, " + ROWS + ") g");
        table.exec("create index crm_clients_updated on crm_clients (updated_at)");
        List<String> lines = new ArrayList<>();
        for (String mode : List.of("incremental", "snapshot")) {
            String state = "jdbc:h2:file:" + dir.resolve("state-" + mode).toAbsolutePath() + ";CACHE_SIZE=4096";
            String out = child(dir, mode, table, state);
            lines.add(mode + ": " + out);
            assertThat(out).contains("received=" + ROWS + " ").contains("inbox=" + ROWS + " ");
            // Streamed, the run holds about 32 MB whatever the table's size; the same run with the result held by the
            // driver (autocommit on, PostgreSQL's driver then reads it all) held 67 MB at 100,000 rows.
            int liveSet = Integer.parseInt(out.replaceAll(".*liveSetMb=(\\d+).*", "$1"));
            assertThat(liveSet).as("live set, MB: " + out).isLessThan(LIVE_SET_LIMIT_MB);
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "sql-heap.txt"), lines);
    }

    private static String child(Path dir, String mode, SourceTable table, String state) throws Exception {
        Path log = dir.resolve("heap-" + mode + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                SqlHeapCheck.class.getName(), table.url(), table.user(), mode,
                mode.equals("incremental") ? SourceTable.INCREMENTAL : SourceTable.SNAPSHOT, state)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as("ended in time: " + tail(output)).isTrue();
        assertThat(p.exitValue()).as(tail(output)).isZero();
        return output.lines().filter(l -> l.startsWith("sql-heap ")).findFirst()
                .orElseThrow(() -> new AssertionError("no figures: " + tail(output)));
    }

    private static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 3000));
    }
}
