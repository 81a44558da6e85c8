package io.clientsync.state;

import io.clientsync.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Xref writes are queued and committed together by one writer: reads see them at once, {@link XrefStore#awaitWritten}
 * returns once they are committed, and a bad row fails only itself, reported there.
 */
class XrefGroupCommitTest {
    private static final int THREADS = 8;
    private static final int PUTS = 60;

    @TempDir
    Path dir;

    private StateStore open(String kind) {
        return kind.equals("h2")
                ? new StateStore("jdbc:h2:file:" + dir.resolve("xref").toAbsolutePath(), null, null, THREADS + 2)
                : new StateStore(Postgres.freshDatabase(), "postgres", "postgres", THREADS + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void concurrentPutsAreSeenAtOnceCommittedByTheAwaitAndABadRowFailsAlone(String kind) throws Exception {
        try (StateStore store = open(kind)) {
            XrefStore xref = new XrefStore(store);
            XrefStore reader = new XrefStore(store); // another instance: reads what is committed, not a queue
            String tooLong = "9".repeat(65); // remote_id is varchar(64)
            ConcurrentLinkedQueue<String> notSeen = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < PUTS; i++) {
                        String local = "c" + thread + "-" + i + "/p1";
                        String remote = i % 20 == 7 ? tooLong : thread + "" + i;
                        xref.put("paymo-contacts", "contact", local, remote);
                        if (!xref.find("paymo-contacts", "contact", local).equals(Optional.of(remote))
                                || !remote.equals(xref.findByPrefix("paymo-contacts", "contact", "c" + thread + "-" + i
                                + "/").get(local))) {
                            notSeen.add(local);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(notSeen).as("puts their own thread did not read back at once").isEmpty();
            assertThatThrownBy(xref::awaitWritten).isInstanceOf(StateStoreException.class)
                    .hasMessageStartingWith("cannot write " + THREADS * 3 + " xref row(s), first paymo-contacts contact c")
                    .hasMessageContaining("-7/p1");
            xref.awaitWritten(); // a failure is reported once
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < PUTS; i++) {
                    Optional<String> row = reader.find("paymo-contacts", "contact", "c" + t + "-" + i + "/p1");
                    assertThat(row).as("row %s-%s", t, i).isEqualTo(i % 20 == 7 ? Optional.empty()
                            : Optional.of(t + "" + i));
                }
            }
        }
    }

    @Test
    void queuedWritesAnswerReadsInTheOrderTheyWereMadeUntilTheyAreCommitted() {
        try (StateStore store = open("h2")) {
            XrefStore committed = new XrefStore(store);
            committed.put("v", "contact", "c1/old", "1");
            committed.awaitWritten();

            XrefStore xref = new XrefStore(store, Duration.ofSeconds(2)); // its writes wait in the queue meanwhile
            xref.put("v", "contact", "c1/a", "10");
            xref.put("v", "contact", "c1/b", "20");
            xref.remove("v", "contact", "c1/a");
            xref.remove("v", "contact", "c1/old");
            xref.put("v", "contact", "c1/b", "21");
            xref.put("v", "contact", "c2/x", "30");

            assertThat(committed.findByPrefix("v", "contact", "c1/")).as("nothing committed yet")
                    .isEqualTo(Map.of("c1/old", "1"));
            assertThat(xref.find("v", "contact", "c1/a")).isEmpty();
            assertThat(xref.find("v", "contact", "c1/b")).contains("21");
            assertThat(xref.find("v", "contact", "c1/old")).isEmpty();
            assertThat(xref.findByPrefix("v", "contact", "c1/")).isEqualTo(Map.of("c1/b", "21"));
            assertThat(xref.findByPrefix("other", "contact", "c1/")).isEmpty();

            xref.awaitWritten();
            assertThat(committed.findByPrefix("v", "contact", "c1/")).isEqualTo(Map.of("c1/b", "21"));
            assertThat(committed.find("v", "contact", "c2/x")).contains("30");
        }
    }

    @Test
    void drainLogsAFailureInsteadOfKeepingItForTheNextAwait() {
        try (StateStore store = open("h2")) {
            XrefStore xref = new XrefStore(store);
            xref.put("v", "contact", "c1/a", "9".repeat(65));
            xref.put("v", "contact", "c1/b", "2");
            xref.drain(); // what a run that failed before its settle left behind
            xref.awaitWritten();
            assertThat(new XrefStore(store).findByPrefix("v", "contact", "c1/")).isEqualTo(Map.of("c1/b", "2"));
        }
    }

    @Test
    void closingWaitsForTheQueuedWrites() {
        String url = "jdbc:h2:file:" + dir.resolve("closed").toAbsolutePath();
        try (StateStore store = new StateStore(url, null, null, 2)) {
            XrefStore xref = new XrefStore(store, Duration.ofMillis(300));
            xref.put("v", "contact", "c1/a", "10");
            xref.close();
        }
        try (StateStore store = new StateStore(url, null, null, 2)) {
            assertThat(new XrefStore(store).find("v", "contact", "c1/a")).contains("10");
        }
    }
}
