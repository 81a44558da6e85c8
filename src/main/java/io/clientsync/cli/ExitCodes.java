package io.clientsync.cli;

/** Exit codes of DESIGN.md section 3. */
public final class ExitCodes {
    /** Every change delivered or skipped. */
    public static final int OK = 0;
    /** The run could not finish (source down after retries, state store unreachable, another run holds the store). */
    public static final int RUN_FAILED = 1;
    /** A missing or wrong setting. */
    public static final int CONFIG = 2;
    /** Finished, and this run dead-lettered some changes. */
    public static final int DEAD_LETTERS = 3;
    /** Finished, but a vendor is down: its changes wait in the inbox, nothing is lost. Wins over 3. */
    public static final int VENDOR_DOWN = 4;

    private ExitCodes() {
    }
}
