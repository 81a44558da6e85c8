package io.clientsync.change;

import java.util.List;

/**
 * One page of the source feed after parsing, validation and coalescing.
 *
 * @param changes    the valid changes, one per client (the highest version), in feed order
 * @param invalid    the changes that broke the schema
 * @param received   how many changes the page held
 * @param superseded changes dropped because the same page held a higher version of that client
 */
public record FeedPage(List<ClientChange> changes, List<InvalidChange> invalid, String nextCursor, boolean hasMore,
                       int received, int superseded) {

    // Identity, not the record's deep value: Camel hashes the body when it evaluates an expression on it, and a
    // value hash walks every change of the page.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
