package io.clientsync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.change.ContentDigest;
import io.clientsync.change.FeedPage;
import io.clientsync.change.InvalidChange;
import io.clientsync.state.Inbox;
import io.clientsync.state.SecretSeal;
import io.clientsync.state.SourceSnapshot;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Snapshot mode, one page of rows: which rows are changes. A row is a change when its content (a keyed digest of all
 * but its version) is not what this source last gave the inbox for that client, or the inbox no longer holds the
 * version it was given (another source wrote the client since). A change gets the version max(the inbox's version
 * of the client, the version this source last gave it) + 1: 1 for a new client, and always above what the inbox
 * holds, so it is never stale. A row that broke the schema is remembered as such with its digest: it is
 * dead-lettered once, and again only when it is edited.
 */
final class SnapshotCompare {
    private final Inbox inbox;
    private final SourceSnapshot snapshot;
    private final SecretSeal seal;
    private final String source;

    SnapshotCompare(Inbox inbox, SourceSnapshot snapshot, SecretSeal seal, String source) {
        this.inbox = inbox;
        this.snapshot = snapshot;
        this.seal = seal;
        this.source = source;
    }

    /**
     * The page's rows decided: the changes to validate (their version set), the rows already malformed, and the
     * marks of the rows that are no change.
     */
    final class Decided {
        final List<JsonNode> changes = new ArrayList<>();
        final List<InvalidChange> malformed = new ArrayList<>();
        final List<SourceSnapshot.Mark> marks = new ArrayList<>();
        private final Map<JsonNode, SourceSnapshot.Mark> pending = new IdentityHashMap<>();
        int unchanged;

        /** Every row's mark once the changes are validated: an invalid one is kept as invalid. */
        List<SourceSnapshot.Mark> marks(FeedPage page) {
            Set<JsonNode> invalid = Collections.newSetFromMap(new IdentityHashMap<>());
            page.invalid().forEach(bad -> invalid.add(bad.raw()));
            List<SourceSnapshot.Mark> all = new ArrayList<>(marks);
            pending.forEach((node, mark) -> all.add(invalid.contains(node)
                    ? new SourceSnapshot.Mark(mark.key(), mark.digest(), mark.version() - 1, true) : mark));
            return all;
        }
    }

    Decided decide(List<SqlRows.Row> rows) {
        List<String> keys = new ArrayList<>(rows.size());
        List<String> digests = new ArrayList<>(rows.size());
        for (SqlRows.Row row : rows) {
            String digest = seal.mac(ContentDigest.of(row.change()));
            digests.add(digest);
            keys.add(key(row.change(), digest));
        }
        Map<String, SourceSnapshot.Mark> marks = snapshot.find(source, keys);
        Map<String, Inbox.Held> held = inbox.held(keys);
        Decided d = new Decided();
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode change = rows.get(i).change();
            String key = keys.get(i);
            SourceSnapshot.Mark last = marks.get(key);
            Inbox.Held now = held.get(key);
            boolean same = last != null && last.digest().equals(digests.get(i));
            if (same && (last.invalid() || now != null && now.version() == last.version())) {
                d.marks.add(last); // seen again, as it was: no change, no second dead letter
                d.unchanged++;
                continue;
            }
            long version = Math.max(now == null ? 0 : now.version(), last == null ? 0 : last.version()) + 1;
            change.put("version", version);
            SourceSnapshot.Mark mark = new SourceSnapshot.Mark(key, digests.get(i), version, false);
            String problem = rows.get(i).problem();
            if (problem != null) {
                d.malformed.add(SqlSource.invalid(change, problem));
                d.marks.add(new SourceSnapshot.Mark(key, mark.digest(), version - 1, true));
            } else {
                d.changes.add(change);
                d.pending.put(change, mark);
            }
        }
        return d;
    }

    /** The client id; a row without a usable one is known by its digest (it is invalid, and remembered as such). */
    private static String key(ObjectNode change, String digest) {
        JsonNode id = change.get("id");
        String text = id != null && id.isTextual() ? id.textValue() : "";
        return !text.isEmpty() && text.length() <= 64 ? text : "#" + digest;
    }
}
