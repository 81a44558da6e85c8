package io.clientsync.change;

/** A page of the feed that cannot be read: the run stops and the cursor stays where it was. */
public class SourcePageException extends RuntimeException {
    public SourcePageException(String message) {
        super(message);
    }

    public SourcePageException(String message, Throwable cause) {
        super(message, cause);
    }
}
