package io.clientsync.delivery;

import java.util.List;
import java.util.stream.Collectors;

/** The recipients of a page: the page route of every enabled vendor ({@code direct:<vendor>-page}). */
public final class FanOut {
    private final String recipients;

    public FanOut(List<String> vendors) {
        this.recipients = vendors.stream().map(v -> "direct:" + v + "-page").collect(Collectors.joining(","));
    }

    public String recipients() {
        return recipients;
    }
}
