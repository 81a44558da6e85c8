package io.clientsync.source;

/**
 * A dropped file that is not JSON Lines client-sync can read (not UTF-8, a line too long, not JSON Lines at all, an
 * I/O error): the file goes to error/ whole, with this message in its .reason file, and nothing of it is taken.
 */
public final class UnreadableFileException extends Exception {
    public UnreadableFileException(String reason) {
        super(reason);
    }
}
