package io.clientsync.state;

/** The state store could not be read or written: the run cannot finish (exit code 1). */
public class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
