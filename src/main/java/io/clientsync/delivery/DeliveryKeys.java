package io.clientsync.delivery;

/** Exchange property names shared by the routes and the Java steps. */
public final class DeliveryKeys {
    /** The vendor's batch in flight ({@link BatchContext}). */
    public static final String BATCH = "clientSyncBatch";
    /** Exchange property: the source kind a page came from (its cursor's name); the feed when absent. */
    public static final String SOURCE = "clientSyncSource";
    /**
     * Exchange property: what the source keeps of the page besides its cursor ({@code CursorStore.PageWrite}, the SQL
     * snapshot's marks), written in the page's transaction; absent for most sources.
     */
    public static final String PAGE_WRITE = "clientSyncPageWrite";
    /** The vendor id of the delivery route ("fatora"). */
    public static final String VENDOR = "clientSyncVendor";
    /** "true" when the vendor's API has a delete; otherwise a deleted client is skipped as {@code deleted}. */
    public static final String DELETES = "clientSyncDeletes";
    public static final String CHANGE = "clientSyncChange";
    /** The vendor's id for the client, checked digits. */
    public static final String VENDOR_ID = "clientSyncVendorId";
    /** The ledger row before this delivery, or absent. */
    public static final String LAST = "clientSyncLast";
    /** The mapped payload as JSON, what the ledger keeps. */
    public static final String PAYLOAD = "clientSyncPayload";
    /** The outcome label when the change is skipped, absent otherwise. */
    public static final String SKIP = "clientSyncSkip";
    /** Set once the change's delivery is counted without a call (a skip or a dry-run print): nothing left to send. */
    public static final String ENDED = "clientSyncEnded";
    /** Calls made to the vendor for this change. */
    public static final String ATTEMPTS = "clientSyncAttempts";
    public static final String AUTH_RETRIES = "clientSyncAuthRetries";
    /** 429 waits taken for this change (see {@link RateLimitedException}); they do not count as attempts. */
    public static final String RATE_LIMIT_WAITS = "clientSyncRateLimitWaits";
    /** Set on replays, where the ledger is read and written directly rather than per page. */
    public static final String REPLAY = "clientSyncReplay";
    /** Set while a call holds a permission of the vendor's circuit; its outcome settles it. */
    public static final String PERMIT = "clientSyncCircuitPermit";
    /** Loop state of the run. */
    public static final String CURSOR = "clientSyncCursor";
    public static final String HAS_MORE = "clientSyncHasMore";

    private DeliveryKeys() {
    }
}
