package io.clientsync.source;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.app.ClientSyncApp;
import io.clientsync.app.SettingsLoader;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.Inbox;
import io.clientsync.state.InboxRow;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The file source (source.kinds=file) through the real routes, with --once runs and WireMock as Fatora. */
class FileSourceTest {
    @TempDir
    Path dir;
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "file-token");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("source.kinds", "file");
        s.put("source.file.dir", dir.toString());
        s.put("source.file.min-age-ms", "100");
        s.put("source.file.read-lock-timeout-ms", "5000");
        s.put("sync.page-size", "2");
        s.put("vendors.enabled", "fatora");
        s.put("vendor.fatora.base-url", wm.baseUrl() + "/v1");
        s.put("vendor.fatora.api-key", "file-key-1");
        return s;
    }

    static String change(String id, long version) {
        return FeedStub.change(id, version, "Client " + id, id + "@x.dk", "{\"fatora\":" + id.substring(1) + "}");
    }

    static List<String> changes(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(change("c" + i, 1));
        }
        return out;
    }

    Path write(String name, List<String> lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void aFileIsDeliveredPageByPageAndThenMovedToDone() throws Exception {
        write("clients.jsonl", changes(1, 5));
        Files.writeString(dir.resolve("empty.jsonl"), "");
        try (SyncTestApp app = SyncTestApp.start(settings())) {
            RunStats run = app.runOnce();
            assertThat(dir.resolve("done/empty.jsonl")).as("an empty file is done at once").exists();
            assertThat(run.pages()).as(run.summary()).isEqualTo(3);
            assertThat(run.count("fatora", "delivered")).as(run.summary()).isEqualTo(5);
            assertThat(dir.resolve("clients.jsonl")).doesNotExist();
            assertThat(dir.resolve("done/clients.jsonl")).hasSameTextualContentAs(
                    Files.writeString(Files.createTempFile("expected", ".jsonl"), String.join("\n", changes(1, 5))
                            + "\n"));

            RunStats again = app.runOnce();
            assertThat(again.pages()).as("nothing left to read: %s", again.summary()).isZero();
        }
        wm.verify(5, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    @Test
    void aBadLineIsDeadLetteredOnceAndTheRestOfTheFileIsDelivered() throws Exception {
        // line 3 breaks the schema (its id), line 4 is not JSON; the blank line 2 counts as a line all the same
        List<String> lines = List.of(change("c1", 1), "", FeedStub.change("bad/id", 1, "Bad", "b@x.dk",
                "{\"fatora\":9}"), "{\"id\": \"c9\", \"version\": 1, trunc", change("c2", 1));
        write("mixed.jsonl", lines);
        try (SyncTestApp app = SyncTestApp.start(settings())) {
            RunStats run = app.runOnce();
            assertThat(run.count("fatora", "delivered")).as(run.summary()).isEqualTo(2);
            assertThat(run.invalid()).isEqualTo(2);
            assertThat(dir.resolve("done/mixed.jsonl")).exists();
            List<DeadLetter> dead = app.deadLetters();
            assertThat(dead).extracting(DeadLetter::vendor).containsOnly("source");
            assertThat(dead).extracting(DeadLetter::reason).containsOnly("invalid-change");
            assertThat(dead).extracting(DeadLetter::clientId).containsExactlyInAnyOrder("bad/id", "?");
            assertThat(dead).extracting(DeadLetter::message).anySatisfy(m -> assertThat(m)
                    .startsWith("file mixed.jsonl line 3: ").contains("id")).anySatisfy(m -> assertThat(m)
                    .startsWith("file mixed.jsonl line 4: not JSON"));

            // the same file dropped again (an operator's retry, or a re-read after a crash): its bad lines stay
            // one dead letter each, its good ones are stale
            write("mixed.jsonl", lines);
            RunStats again = app.runOnce();
            assertThat(again.stale()).as(again.summary()).isEqualTo(2);
            assertThat(again.count("fatora", "delivered")).isZero();
            assertThat(app.deadLetters()).hasSize(2);
        }
    }

    @Test
    void aFileThatCannotBeReadGoesToErrorWithItsReasonAndNothingOfItIsTaken() throws Exception {
        byte[] notUtf8 = (change("c1", 1) + "\n{\"id\":\"c2\",\"version\":1,\"name\":\"Caf\u00e9\"}\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("a-latin1.jsonl"), notUtf8);
        Files.writeString(dir.resolve("b-array.jsonl"), "[\n" + change("c3", 1) + "\n]\n");
        Files.writeString(dir.resolve("c-long.jsonl"), change("c4", 1) + "\n"
                + "x".repeat(FileLines.MAX_LINE_CHARS + 1));
        Files.createDirectory(dir.resolve("d-directory.jsonl"));
        write("e-good.jsonl", changes(5, 5));
        try (SyncTestApp app = SyncTestApp.start(settings())) {
            RunStats run = app.runOnce();
            assertThat(run.count("fatora", "delivered")).as("only the good file: %s", run.summary()).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        assertThat(dir.resolve("error/a-latin1.jsonl")).exists();
        assertThat(dir.resolve("error/a-latin1.jsonl.reason")).content().contains("not UTF-8").contains("line 2");
        assertThat(dir.resolve("error/b-array.jsonl.reason")).content().contains("not JSON Lines");
        assertThat(dir.resolve("error/c-long.jsonl.reason")).content().contains("line 2 is longer than");
        assertThat(dir.resolve("done/e-good.jsonl")).exists();
        assertThat(dir.resolve("d-directory.jsonl")).as("a directory is no file: left alone").isDirectory();
        wm.verify(1, putRequestedFor(urlPathMatching("/v1/clients/.*")));
        wm.verify(putRequestedFor(urlPathEqualTo("/v1/clients/5")));
    }

    @Test
    void aFileStillBeingWrittenIsReadOnlyOnceItStopsChanging() throws Exception {
        Map<String, String> s = settings();
        s.put("source.file.min-age-ms", "600");
        int lines = 15;
        try (SyncTestApp app = SyncTestApp.start(s)) {
            Path file = write("growing.jsonl", changes(1, 1));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 2; i <= lines; i++) {
                        Thread.sleep(150); // a slow writer: the file changes every 150 ms, for about 2 s
                        Files.writeString(file, change("c" + i, 1) + "\n", StandardOpenOption.APPEND);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the run starts while the file grows
            assertThat(writer).isNotDone();
            RunStats run = app.runOnce();
            assertThat(writer).as("the run waited for the writer").isDone();
            assertThat(run.count("fatora", "delivered")).as(run.summary()).isEqualTo(lines);
            writer.join();
        }
        assertThat(Files.readAllLines(dir.resolve("done/growing.jsonl"))).hasSize(lines);
    }

    @Test
    void filesAreTakenInNameOrderAndAClientInBothEndsAtItsHighestVersion() throws Exception {
        write("b.jsonl", List.of(change("c1", 2), change("c3", 1)));
        write("a.jsonl", List.of(change("c1", 5), change("c2", 1)));
        try (SyncTestApp app = SyncTestApp.start(settings())) {
            RunStats run = app.runOnce();
            assertThat(run.stale()).as("c1 v2 of b.jsonl: %s", run.summary()).isEqualTo(1);
            // the inbox's sequence is the order of reading: a.jsonl's clients first
            assertThat(app.bean("inbox", Inbox.class).after(0, 10)).extracting(InboxRow::clientId)
                    .containsExactly("c1", "c2", "c3");
            assertThat(app.bean("ledger", Ledger.class).find("fatora", "c1")).map(LedgerEntry::version).contains(5L);
        }
    }

    @Test
    void theFeedBesideTheFilesTheHighestVersionWinsWhicheverSourceHadIt() throws Exception {
        FeedStub.pages(wm, List.of(List.of(change("c1", 7), change("c2", 1))));
        write("clients.jsonl", List.of(change("c1", 3), FeedStub.change("c2", 4, "Client c2 renamed", "c2@x.dk",
                "{\"fatora\":2}")));
        Map<String, String> s = settings();
        s.put("source.kinds", "feed,file");
        s.put("source.url", FeedStub.url(wm));
        try (SyncTestApp app = SyncTestApp.start(s)) {
            app.runOnce();
            Ledger ledger = app.bean("ledger", Ledger.class);
            assertThat(ledger.find("fatora", "c1")).map(LedgerEntry::version).contains(7L);
            assertThat(ledger.find("fatora", "c2")).map(LedgerEntry::version).contains(4L);
        }
    }
    @Test
    void aFileWhoseChangesCannotBeSavedStaysWhereItIsAndTheRunFails() throws Exception {
        write("clients.jsonl", changes(1, 3));
        try (SyncTestApp app = SyncTestApp.start(settings())) {
            sql(app, "alter table inbox_counter rename to inbox_counter_away"); // the inbox cannot take a page
            assertThatThrownBy(app::runOnce).hasStackTraceContaining("inbox");
            assertThat(dir.resolve("clients.jsonl")).as("not moved: neither done nor error").exists();
            assertThat(dir.resolve("error")).doesNotExist();

            sql(app, "alter table inbox_counter_away rename to inbox_counter");
            RunStats run = app.runOnce();
            assertThat(run.count("fatora", "delivered")).as(run.summary()).isEqualTo(3);
            assertThat(dir.resolve("done/clients.jsonl")).exists();
        }
    }

    @Test
    void aDryRunReadsTheFilesAndLeavesThemWhereTheyAre() throws Exception {
        write("clients.jsonl", changes(1, 2));
        Files.write(dir.resolve("latin1.jsonl"), "{\"name\":\"Caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> s = settings();
        s.put("sync.dry-run", "true");
        try (SyncTestApp app = SyncTestApp.start(s)) {
            RunStats run = app.runOnce();
            assertThat(run.pages()).as(run.summary()).isEqualTo(1);
        }
        assertThat(dir.resolve("clients.jsonl")).exists();
        assertThat(dir.resolve("latin1.jsonl")).exists();
        assertThat(dir.resolve("done")).doesNotExist();
        assertThat(dir.resolve("error")).doesNotExist();
        wm.verify(0, putRequestedFor(urlPathMatching("/v1/clients/.*")));
    }

    @Test
    void scheduledModePollsTheDirectoryOnItsOwn() throws Exception {
        Map<String, String> s = new HashMap<>(SyncTestApp.testSettings(settings()));
        s.put("source.file.poll-ms", "200");
        s.put("sync.cron", "0 0 0 1 1 ? 2099"); // no source run: the files come by the route's own poll
        s.put("camel.management.port", Integer.toString(Peers.freePort()));
        Main main = ClientSyncApp.createMain(SettingsLoader.load(Path.of("application.properties"), true, s),
                Path.of("routes"), true);
        main.start();
        try {
            write("first.jsonl", changes(1, 2));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(dir.resolve("done/first.jsonl")).exists());
            write("second.jsonl", changes(3, 3));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(dir.resolve("done/second.jsonl")).exists();
                wm.verify(3, putRequestedFor(urlPathMatching("/v1/clients/.*")));
            });
        } finally {
            main.stop();
        }
    }

    private static void sql(SyncTestApp app, String statement) throws Exception {
        try (Connection c = app.store().connection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
