package io.clientsync.state;

/**
 * What was last delivered to one vendor for one client.
 *
 * @param inputHash digest of what the payload was mapped from (see {@code InputDigest}); null when unknown
 */
public record LedgerEntry(String vendor, String clientId, long version, String payload, String inputHash) {

    public LedgerEntry(String vendor, String clientId, long version, String payload) {
        this(vendor, clientId, version, payload, null);
    }
}
