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
}
