package io.clientsync.state;

import io.clientsync.testing.Postgres;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state store's contract, on H2 (the default) and on a real PostgreSQL. */
class StateStoreTest {

    private static StateStore open(String kind) {
        String url = kind.equals("h2") ? SyncTestApp.memoryStore() : Postgres.freshDatabase();
        String user = kind.equals("h2") ? null : "postgres";
        return new StateStore(url, user, kind.equals("h2") ? null : "postgres", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ledgerReadsAPageInOneQueryAndNeverGoesBackAVersion(String kind) {
        try (StateStore store = open(kind)) {
            Ledger ledger = new Ledger(store);
            ledger.save(List.of(new LedgerEntry("fatora", "a", 2, "{\"n\":2}"),
                    new LedgerEntry("fatora", "b", 1, "{}"), new LedgerEntry("paymo", "a", 7, "{}")));
            ledger.save(List.of(new LedgerEntry("fatora", "a", 1, "{\"n\":1}"))); // older: ignored
            ledger.save(List.of(new LedgerEntry("fatora", "b", 3, "{\"n\":3}"))); // newer: taken
            Map<String, LedgerEntry> rows = ledger.load(List.of("fatora"), List.of("a", "b", "c"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(Ledger.key("fatora", "a")).version()).isEqualTo(2);
            assertThat(rows.get(Ledger.key("fatora", "a")).payload()).isEqualTo("{\"n\":2}");
            assertThat(rows.get(Ledger.key("fatora", "b")).version()).isEqualTo(3);
            assertThat(ledger.find("paymo", "a")).map(LedgerEntry::version).contains(7L);
        }
    }

    /** The input hash goes with its row, and a refresh never lands on a row a newer delivery has replaced. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void inputHashesAreSavedWithTheRowAndRefreshedOnlyAtTheirVersion(String kind) {
        try (StateStore store = open(kind)) {
            Ledger ledger = new Ledger(store);
            VendorPositions positions = new VendorPositions(store, ledger);
            positions.settle("fatora", List.of(new LedgerEntry("fatora", "a", 1, "{}", "h1"),
                    new LedgerEntry("fatora", "b", 1, "{}")), List.of(), 1);
            assertThat(ledger.find("fatora", "a")).map(LedgerEntry::inputHash).contains("h1");
            assertThat(ledger.find("fatora", "b")).map(LedgerEntry::inputHash).isEmpty();

            positions.settle("fatora", List.of(), List.of(new LedgerEntry("fatora", "a", 1, "{}", "h2"),
                    new LedgerEntry("fatora", "b", 1, "{}", "h3")), 2);
            assertThat(ledger.find("fatora", "a")).map(LedgerEntry::inputHash).contains("h2");
            assertThat(ledger.find("fatora", "b")).map(LedgerEntry::inputHash).contains("h3");

            ledger.save(List.of(new LedgerEntry("fatora", "a", 4, "{\"n\":4}", "h4"))); // e.g. a replay
            positions.settle("fatora", List.of(), List.of(new LedgerEntry("fatora", "a", 1, "{}", "h5")), 3);
            assertThat(ledger.find("fatora", "a")).get().extracting(LedgerEntry::version, LedgerEntry::inputHash)
                    .containsExactly(4L, "h4");
            assertThat(positions.of("fatora").position()).isEqualTo(3);
        }
    }

    /**
     * The inbox keeps one row per client at its highest version: a newer change replaces the row under a new
     * sequence number, an older or equal one is stale; the cursor is saved with the page's rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theInboxKeepsEachClientsHighestVersionWithTheCursor(String kind) {
        try (StateStore store = open(kind)) {
            Inbox inbox = new Inbox(store);
            CursorStore cursors = new CursorStore(store, inbox);
            assertThat(cursors.current()).isEmpty();
            Inbox.Written first = cursors.settle(List.of(in("a", 1), in("b", 1), in("c", 2)), "cur-1");
            assertThat(first.written()).isEqualTo(3);
            assertThat(first.stale()).isZero();
            assertThat(cursors.current()).contains("cur-1");
            assertThat(inbox.after(0, 10)).extracting(InboxRow::clientId).containsExactly("a", "b", "c");

            Inbox.Written second = cursors.settle(List.of(in("b", 1), in("a", 3), in("c", 1)), "cur-2");
            assertThat(second.written()).isEqualTo(1);
            assertThat(second.stale()).as("b at an equal version, c at an older one").isEqualTo(2);
            List<InboxRow> rows = inbox.after(0, 10);
            assertThat(rows).extracting(InboxRow::clientId).containsExactly("b", "c", "a");
            assertThat(rows.get(2).version()).isEqualTo(3);
            assertThat(rows.get(2).changeJson()).isEqualTo("{\"id\":\"a\",\"version\":3}");
            long bSeq = rows.get(0).seq();
            assertThat(inbox.after(bSeq, 10)).extracting(InboxRow::clientId).containsExactly("c", "a");
            assertThat(inbox.after(bSeq, 1)).extracting(InboxRow::clientId).containsExactly("c");
            assertThat(inbox.waiting(bSeq).count()).isEqualTo(2);
            assertThat(inbox.waiting(bSeq).oldest()).isPresent();
            assertThat(inbox.waiting(inbox.head()).count()).isZero();
            assertThat(inbox.waiting(inbox.head()).oldest()).isEmpty();
            cursors.settle(List.of(), "cur-3");
            assertThat(cursors.current()).contains("cur-3");
        }
    }

    /**
     * A newer version with the content hash of the row only raises the row's version in place (no new sequence
     * number: no vendor reads it again), unless a dead letter of that client is open; a row without a hash, or with
     * another, is replaced as any newer change.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aNewerVersionOfTheSameContentRaisesTheRowInPlace(String kind) {
        try (StateStore store = open(kind)) {
            Inbox inbox = new Inbox(store);
            CursorStore cursors = new CursorStore(store, inbox);
            cursors.settle(List.of(hashed("a", 1, "h-a"), hashed("b", 1, "h-b"), in("c", 1), hashed("d", 1, "h-d")),
                    "cur-1");
            long head = inbox.head();
            Map<String, Long> seqs = new HashMap<>();
            inbox.after(0, 10).forEach(r -> seqs.put(r.clientId(), r.seq()));
            new DeadLetterStore(store).record(new DeadLetterStore.Failure("fatora", "d", 1, "exhausted", 503, null,
                    "down", 6, "{}", null));

            Inbox.Written second = cursors.settle(List.of(hashed("a", 2, "h-a"), hashed("b", 2, "h-b2"),
                    hashed("c", 2, "h-c"), hashed("d", 2, "h-d")), "cur-2");
            assertThat(second.unchanged()).as("a: same content").isEqualTo(1);
            assertThat(second.written()).as("b: other content, c: held no hash, d: a dead letter is open")
                    .isEqualTo(3);
            assertThat(second.kept()).containsExactly(false, true, true, true);
            List<InboxRow> after = inbox.after(head, 10);
            assertThat(after).extracting(InboxRow::clientId).containsExactly("b", "c", "d");
            InboxRow a = inbox.after(0, 10).get(0);
            assertThat(a.clientId()).isEqualTo("a");
            assertThat(a.seq()).isEqualTo(seqs.get("a"));
            assertThat(a.version()).as("the row's version, which readers take").isEqualTo(2);
            assertThat(a.changeJson()).as("the JSON as it first came").isEqualTo("{\"id\":\"a\",\"version\":1}");
            try (java.sql.Connection c = store.connection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("select count(*), count(i.seq) from inbox_body b "
                         + "left join inbox i on i.seq = b.seq")) {
                rs.next();
                assertThat(rs.getLong(1)).as("one body per row: a replaced row's old body is gone").isEqualTo(4);
                assertThat(rs.getLong(2)).as("every body belongs to a row").isEqualTo(4);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(inbox.held(List.of("a", "b", "zz"))).containsOnlyKeys("a", "b")
                    .containsEntry("b", new Inbox.Held(2, "h-b2", after.get(0).seq()));

            Inbox.Written third = cursors.settle(List.of(hashed("a", 2, "h-a"), hashed("a2", 1, "x")), "cur-3");
            assertThat(third.stale()).as("a at the version raised to").isEqualTo(1);
            assertThatThrownBy(() -> cursors.settle(List.of(in("e", 1), in("e", 2)), "cur-4"))
                    .hasMessageContaining("twice");
            assertThat(cursors.current()).contains("cur-3");
        }
    }

    private static Inbox.Incoming hashed(String id, long version, String hash) {
        String json = "{\"id\":\"" + id + "\",\"version\":" + version + "}";
        return new Inbox.Incoming(id, version, hash, () -> new Inbox.Body(json, null));
    }

    /** A position never moves back; pause and down are kept with it, and a vendor that never ran starts at 0. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void vendorPositionsMoveForwardAndKeepPauseAndDown(String kind) {
        try (StateStore store = open(kind)) {
            VendorPositions positions = new VendorPositions(store, new Ledger(store));
            assertThat(positions.of("fatora")).isEqualTo(VendorPosition.fresh("fatora"));
            positions.settle("fatora", List.of(), List.of(), 7);
            positions.settle("fatora", List.of(), List.of(), 5);
            assertThat(positions.of("fatora").position()).isEqualTo(7);
            assertThat(positions.of("fatora").lastRunAt()).isNotNull();
            positions.pause("paymo");
            assertThat(positions.of("paymo").paused()).isTrue();
            assertThat(positions.of("paymo").position()).isZero();
            positions.resume("paymo");
            assertThat(positions.of("paymo").paused()).isFalse();
            assertThat(positions.up("fatora")).as("up while up: no change").isEmpty();
            java.time.Instant since = positions.down("fatora", "exhausted: 503").orElseThrow();
            assertThat(positions.of("fatora").downSince()).isEqualTo(since);
            assertThat(positions.down("fatora", "auth: 401")).as("down while down: no change").isEmpty();
            assertThat(positions.of("fatora").downSince()).isEqualTo(since);
            assertThat(positions.of("fatora").downReason()).isEqualTo("auth: 401");
            assertThat(positions.up("fatora")).contains(since);
            assertThat(positions.of("fatora").down()).isFalse();
            assertThat(positions.up("fatora")).isEmpty();
            assertThat(positions.of("fatora").position()).isEqualTo(7);
        }
    }

    /** The source alerts' state: the last run that ran the source to a known outcome, replays and dry runs aside. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theRunsTellWhetherTheSourceWasFailing(String kind) {
        try (StateStore store = open(kind)) {
            RunStore runs = new RunStore(store);
            long first = runs.start("once");
            assertThat(runs.sourceFailingBefore(first)).as("no run before").isFalse();
            runs.finish(first, RunStore.SOURCE_FAILED, 0, 0, 0, 0, "", "feed: 500");
            long replay = runs.start("replay");
            runs.finish(replay, "ok", 0, 0, 0, 0, "", null);
            long other = runs.start("scheduled", "source");
            runs.finish(other, "failed", 0, 0, 0, 0, "", "store");
            long vendor = runs.start("scheduled", "fatora");
            runs.finish(vendor, "ok", 0, 0, 0, 0, "", null);
            long next = runs.start("scheduled", "source");
            assertThat(runs.sourceFailingBefore(next)).isTrue();
            runs.finish(next, "dead-letters", 0, 0, 0, 0, "", null);
            assertThat(runs.sourceFailingBefore(runs.start("once"))).isFalse();
        }
    }

    private static Inbox.Incoming in(String id, long version) {
        return new Inbox.Incoming(id, version, "{\"id\":\"" + id + "\",\"version\":" + version + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void deadLettersRepeatIntoOneOpenRowAndClose(String kind) {
        try (StateStore store = open(kind)) {
            DeadLetterStore dls = new DeadLetterStore(store);
            long id = dls.record(new DeadLetterStore.Failure("fatora", "c1", 4, "exhausted", 503, null, "down", 6,
                    "{\"id\":\"c1\"}", null));
            long again = dls.record(new DeadLetterStore.Failure("fatora", "c1", 4, "refused", 400, "17", "bad", 1,
                    "{\"id\":\"c1\"}", null));
            assertThat(again).isEqualTo(id);
            DeadLetter row = dls.byId(id).get(0);
            assertThat(row.attempts()).isEqualTo(7);
            assertThat(row.reason()).isEqualTo("refused");
            assertThat(row.httpStatus()).isEqualTo(400);
            assertThat(row.vendorCode()).isEqualTo("17");
            assertThat(row.lastFailedAt()).isAfterOrEqualTo(row.firstFailedAt());
            assertThat(row.line()).isEqualTo(id + " fatora c1 v4 refused: bad");
            assertThat(dls.close("fatora", "c1", 4, DeadLetter.REPLAYED)).isEqualTo(1);
            assertThat(dls.open()).isEmpty();
            assertThat(dls.byId(id).get(0).state()).isEqualTo("replayed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void xrefRunsAndTheSyncLock(String kind) {
        try (StateStore store = open(kind)) {
            XrefStore xref = new XrefStore(store);
            xref.put("paymo-contacts", "contact", "c1/p1", "991");
            xref.put("paymo-contacts", "contact", "c1/p1", "992");
            assertThat(xref.find("paymo-contacts", "contact", "c1/p1")).contains("992");
            xref.remove("paymo-contacts", "contact", "c1/p1");
            assertThat(xref.find("paymo-contacts", "contact", "c1/p1")).isEmpty();
            for (String id : List.of("c1/p1", "c1/p2", "c10/p1", "c1x/p1", "c0/p9", "c1")) {
                xref.put("paymo-contacts", "contact", id, "r-" + id);
            }
            xref.put("paymo", "contact", "c1/p3", "other vendor");
            assertThat(xref.findByPrefix("paymo-contacts", "contact", "c1/"))
                    .containsExactly(Map.entry("c1/p1", "r-c1/p1"), Map.entry("c1/p2", "r-c1/p2"));

            RunStore runs = new RunStore(store);
            long run = runs.start("once");
            runs.finish(run, "ok", 2, 10, 1, 1, "summary", null);
            assertThat(run).isPositive();

            SyncLock lock = new SyncLock(store, Duration.ofMinutes(5));
            assertThat(lock.tryAcquire("source", "node-a")).isEmpty();
            assertThat(lock.tryAcquire("source", "node-b")).get().asString().contains("node-a");
            assertThat(lock.tryAcquire("vendor:fatora", "node-b")).as("another pipeline's lease").isEmpty();
            lock.release("source", "node-a");
            assertThat(lock.tryAcquire("source", "node-b")).isEmpty();
            SyncLock expired = new SyncLock(store, Duration.ofMillis(-1000));
            expired.renew("source", "node-b"); // the lease of node-b now lies in the past, as after a crash
            assertThat(lock.tryAcquire("source", "node-c")).isEmpty();
        }
    }

    /**
     * The page read and the xref lookup go by primary key however big the store grows: on H2, EXPLAIN ANALYZE
     * counts the ledger rows a query touched. An IN list of vendors once made this the whole ledger per page.
     */
    @org.junit.jupiter.api.Test
    void pageReadsTouchOnlyTheirRowsOnH2() throws Exception {
        try (StateStore store = open("h2"); java.sql.Connection c = store.connection();
             java.sql.Statement st = c.createStatement()) {
            st.execute("insert into ledger (vendor, client_id, version, payload, updated_at) "
                    + "select v, 'c' || x, 1, '{}', now() from system_range(1, 3000), "
                    + "(values 'fatora', 'paymo', 'timelog') t(v)");
            st.execute("insert into xref select 'paymo-contacts', 'contact', 'c' || x || '/p1', x, now() "
                    + "from system_range(1, 3000)");
            try (java.sql.PreparedStatement ps = c.prepareStatement("explain analyze " + Ledger.loadSql(store.dialect()))) {
                ps.setObject(1, new String[] {"c7", "c8", "c9"});
                ps.setString(2, "paymo");
                assertThat(scanCounts(ps)).as("rows touched per table").allSatisfy(n -> assertThat(n).isLessThan(10));
            }
            // v2: a vendor's batch read and the erasing of passed secrets visit their range of the inbox only
            st.execute("insert into inbox (client_id, version, seq, received_at) "
                    + "select 'c' || x, 1, x, now() from system_range(1, 3000)");
            st.execute("insert into inbox_body (seq, change_json, sealed) "
                    + "select x, '{}', 'sealed' from system_range(1, 3000)");
            try (java.sql.PreparedStatement ps = c.prepareStatement("explain analyze " + Inbox.AFTER_SQL)) {
                ps.setLong(1, 2990);
                ps.setInt(2, 100);
                // its 10 rows and their bodies (a step of the plan may count a row twice), never the table's 3,000
                assertThat(scanCounts(ps)).as("inbox rows touched").allSatisfy(n -> assertThat(n).isLessThan(40));
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("explain analyze " + Inbox.ERASE_SQL)) {
                ps.setLong(1, 2990);
                ps.setLong(2, 2995);
                assertThat(scanCounts(ps)).as("inbox rows erased").allSatisfy(n -> assertThat(n).isLessThan(20));
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("explain analyze " + XrefStore.PREFIX_RANGE_SQL)) {
                ps.setString(1, "paymo-contacts");
                ps.setString(2, "contact");
                ps.setString(3, "c7/");
                ps.setString(4, "c70");
                assertThat(scanCounts(ps)).as("rows touched").allSatisfy(n -> assertThat(n).isLessThan(10));
            }
        }
    }

    private static List<Integer> scanCounts(java.sql.PreparedStatement explain) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = explain.executeQuery()) {
            rs.next();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(rs.getString(1));
            List<Integer> counts = new java.util.ArrayList<>();
            while (m.find()) {
                counts.add(Integer.parseInt(m.group(1)));
            }
            assertThat(counts).as("EXPLAIN ANALYZE gave scan counts").isNotEmpty();
            return counts;
        }
    }
}
