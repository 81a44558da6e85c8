package io.clientsync.pipeline;

import io.clientsync.change.ClientChange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The changes the source pipeline wrote last, by inbox sequence number, so that a vendor pipeline close behind it
 * takes the parsed change instead of parsing the inbox row's JSON again (once per vendor). Bounded: a vendor further
 * behind reads the JSON, as after a restart.
 */
public final class RecentChanges {
    private final Map<Long, ClientChange> bySeq;

    public RecentChanges(int capacity) {
        this.bySeq = new LinkedHashMap<>(Math.min(capacity, 4096) * 2) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ClientChange> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void put(long seq, ClientChange change) {
        bySeq.put(seq, change);
    }

    /** The change written under this number, if it is still held and of this version; else null. */
    public synchronized ClientChange get(long seq, long version) {
        ClientChange change = bySeq.get(seq);
        return change != null && change.version() == version ? change : null;
    }
}
