package io.clientsync.state;

import java.time.Instant;

/**
 * One client's latest change in the inbox, as received (secret fields as the source gave them). {@code version} is
 * the row's: when a newer version of the same content raised it in place, the JSON still carries the version that
 * content first came with, and readers take this one.
 */
public record InboxRow(long seq, String clientId, long version, String changeJson, Instant receivedAt) {
}
