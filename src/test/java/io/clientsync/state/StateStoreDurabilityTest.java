package io.clientsync.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run committed to the H2 file store survives the process being killed right after. */
class StateStoreDurabilityTest {

    @Test
    void commitsSurviveAKilledProcess(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledWriter.class.getName(), url)
                .redirectErrorStream(true).redirectOutput(dir.resolve("writer.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the writer halted itself").isEqualTo(9);
        try (StateStore store = new StateStore(url, null, null, 2)) {
            assertThat(new XrefStore(store).find("paymo-contacts", "contact", "c1/p1")).contains("991");
            Ledger ledger = new Ledger(store);
            assertThat(new CursorStore(store, new Inbox(store)).current()).contains("cursor-7");
            assertThat(new Inbox(store).after(0, 10)).extracting(InboxRow::clientId).containsExactly("c1");
            assertThat(new VendorPositions(store, ledger).of("fatora").position()).isEqualTo(1);
            assertThat(ledger.find("fatora", "c1")).map(LedgerEntry::version).contains(3L);
        }
    }

    @Test
    void aWriteDelayGivenInTheUrlIsKept() {
        assertThat(StateStore.durable("jdbc:h2:file:./data/x;CACHE_SIZE=4096"))
                .isEqualTo("jdbc:h2:file:./data/x;CACHE_SIZE=4096;WRITE_DELAY=0");
        assertThat(StateStore.durable("jdbc:h2:file:./data/x;write_delay=100")).isEqualTo("jdbc:h2:file:./data/x;write_delay=100");
        assertThat(StateStore.durable("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
    }
}
