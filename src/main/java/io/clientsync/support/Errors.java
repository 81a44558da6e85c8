package io.clientsync.support;

/** What an error says, for a log line or a summary. */
public final class Errors {
    private Errors() {
    }

    /** The message of the error that matters: under Camel's wrappers and message-less causes. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.camel.CamelExecutionException || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
