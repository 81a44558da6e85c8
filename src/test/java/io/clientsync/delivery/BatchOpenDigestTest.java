package io.clientsync.delivery;

import io.clientsync.change.ChangeValidator;
import io.clientsync.change.ClientChange;
import io.clientsync.change.FeedPage;
import io.clientsync.change.PageReader;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch open makes a change's content digest only where a ledger row's input hash is to be compared with it: a change
 * that the ledger decides by its version (the bulk of a re-run of the same feed) is never digested.
 */
class BatchOpenDigestTest {
    private static final List<String> VENDORS = List.of("fatora");
    private final StateStore store = new StateStore("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            null, null, 2);
    private final PageReader reader = new PageReader(new ChangeValidator(), 1 << 20);
    private final InputDigest inputs = InputDigest.of(Map.of("fatora", new byte[] {1, 2, 3}));

    @AfterEach
    void close() {
        store.close();
    }

    private static String change(String id, long version) {
        return "{\"id\":\"" + id + "\",\"version\":" + version + ",\"name\":\"Client " + id
                + "\",\"email\":\"" + id + "@x.dk\",\"vendor_ids\":{\"fatora\":7}}";
    }

    private FeedPage page(String... changes) {
        String json = "{\"changes\":[" + String.join(",", changes) + "],\"next_cursor\":\"n\",\"has_more\":false}";
        return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private String hashOf(String change) {
        return inputs.of("fatora", page(change).changes().get(0));
    }

    @Test
    void onlyChangesLeftUndecidedByVersionAreDigested() {
        Ledger ledger = new Ledger(store);
        ledger.save(List.of(
                new LedgerEntry("fatora", "stale", 5, "{}", hashOf(change("stale", 5))),
                new LedgerEntry("fatora", "same", 5, "{}", hashOf(change("same", 5))),
                new LedgerEntry("fatora", "nohash", 5, "{}", null)));
        FeedPage page = page(change("stale", 5), change("same", 6), change("nohash", 6), change("new", 1));
        assertThat(page.changes()).allSatisfy(c -> assertThat(c.digestOnce().made()).isFalse());

        RunTracker tracker = new RunTracker(VENDORS, () -> null);
        tracker.begin(1, "once");
        BatchContext batch = new BatchSteps(ledger, tracker, inputs).open("fatora", page.changes(), null);

        Map<String, ClientChange> byId = new java.util.HashMap<>();
        page.changes().forEach(c -> byId.put(c.id(), c));
        assertThat(byId.get("stale").digestOnce().made()).as("stale by version").isFalse();
        assertThat(byId.get("same").digestOnce().made()).as("compared with its row's hash").isTrue();
        assertThat(byId.get("nohash").digestOnce().made()).as("a row without a hash").isFalse();
        assertThat(byId.get("new").digestOnce().made()).as("no row: made at delivery, not here").isFalse();
        assertThat(tracker.current().count("fatora", "stale")).isEqualTo(1);
        assertThat(tracker.current().count("fatora", "unchanged")).isEqualTo(1);
        assertThat(batch.getChanges()).extracting(ClientChange::id).containsExactly("nohash", "new");
        assertThat(batch.endedCount()).as("decided at open").isEqualTo(2);
    }

    @Test
    void manyChangesToCompareAreDigestedAllTheSame() {
        Ledger ledger = new Ledger(store);
        List<LedgerEntry> rows = new java.util.ArrayList<>();
        String[] docs = new String[200];
        for (int i = 0; i < docs.length; i++) {
            rows.add(new LedgerEntry("fatora", "c" + i, 1, "{}", hashOf(change("c" + i, 1))));
            docs[i] = change("c" + i, 2);
        }
        ledger.save(rows);
        FeedPage page = page(docs);
        RunTracker tracker = new RunTracker(VENDORS, () -> null);
        tracker.begin(1, "once");
        new BatchSteps(ledger, tracker, inputs).open("fatora", page.changes(), null);
        assertThat(tracker.current().count("fatora", "unchanged")).isEqualTo(200);
        assertThat(page.changes()).allSatisfy(c -> assertThat(c.digestOnce().made()).isTrue());
    }
}
