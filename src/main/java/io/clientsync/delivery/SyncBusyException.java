package io.clientsync.delivery;

/** Another process is syncing this state store. */
public class SyncBusyException extends RuntimeException {
    public SyncBusyException(String holder) {
        super("another client-sync run holds the state store: " + holder + "; not starting a second one");
    }
}
