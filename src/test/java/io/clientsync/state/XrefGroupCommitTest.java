package io.clientsync.state;

import io.clientsync.testing.Postgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent xref puts share commits, and still each returns only once its own row is committed, and a bad row
 * fails only its own put.
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
    void everyPutIsCommittedWhenItReturnsAndABadRowFailsAlone(String kind) throws Exception {
        try (StateStore store = open(kind)) {
            XrefStore xref = new XrefStore(store);
            XrefStore reader = new XrefStore(store); // another instance: reads what is committed, not a queue
            String tooLong = "9".repeat(65); // remote_id is varchar(64)
            ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> notVisible = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < PUTS; i++) {
                        String local = "c" + thread + "-" + i + "/p1";
                        boolean bad = i % 20 == 7;
                        try {
                            xref.put("paymo-contacts", "contact", local, bad ? tooLong : thread + "" + i);
                        } catch (StateStoreException e) {
                            failed.add(local);
                            continue;
                        }
                        if (reader.find("paymo-contacts", "contact", local).isEmpty()) {
                            notVisible.add(local);
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

            List<String> expectedFailures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                for (int i = 7; i < PUTS; i += 20) {
                    expectedFailures.add("c" + t + "-" + i + "/p1");
                }
            }
            assertThat(notVisible).as("puts that returned before their row was committed").isEmpty();
            assertThat(failed).as("only the bad rows fail").containsExactlyInAnyOrderElementsOf(expectedFailures);
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < PUTS; i++) {
                    Optional<String> row = reader.find("paymo-contacts", "contact", "c" + t + "-" + i + "/p1");
                    assertThat(row).as("row %s-%s", t, i).isEqualTo(i % 20 == 7 ? Optional.empty()
                            : Optional.of(t + "" + i));
                }
            }
        }
    }
}
