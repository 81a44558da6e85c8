package io.clientsync.source;

import io.clientsync.delivery.RunStats;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --sandbox --source sql}: the sample changes served from an H2 table come out as they do from the sample
 * feed: the same pages, invalid changes, superseded one and outcomes at every vendor.
 */
class SqlSandboxTest {
    @Test
    void theSampleTableSyncsLikeTheSampleFeed() {
        try (Sandbox sandbox = Sandbox.start(false)) {
            Map<String, String> s = new HashMap<>(sandbox.settings());
            s.putAll(sandbox.source("sql"));
            s.put("state.url", SyncTestApp.memoryStore());
            try (SyncTestApp app = SyncTestApp.start(s)) {
                RunStats run = app.runOnce();
                assertThat(run.summary()).startsWith("client-sync run 1 (once): pages 3, changes 55 (invalid 4, "
                        + "superseded 1, stale 0, unchanged 0); fatora delivered 43, unchanged 0, stale 0, no-id 5, "
                        + "deleted 2, dead-lettered 0; paymo delivered 43,");
                assertThat(run.count("everlytic", "delivered")).isEqualTo(45);
                assertThat(app.deadLetters()).extracting(DeadLetter::vendor).containsOnly("source").hasSize(4);
                assertThat(SqlSourceCases.cursor(app)).contains("long:55");
            }
            assertThat(sandbox.fatora().clients()).hasSize(43);
        }
    }
}
