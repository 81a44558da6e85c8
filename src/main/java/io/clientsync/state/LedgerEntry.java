package io.clientsync.state;

/** What was last delivered to one vendor for one client. */
public record LedgerEntry(String vendor, String clientId, long version, String payload) {
}
