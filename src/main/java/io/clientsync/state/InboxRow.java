package io.clientsync.state;

import java.time.Instant;

/** One client's latest change in the inbox, as received (secret fields as the source gave them). */
public record InboxRow(long seq, String clientId, long version, String changeJson, Instant receivedAt) {
}
