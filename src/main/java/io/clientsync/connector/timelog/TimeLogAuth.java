package io.clientsync.connector.timelog;

import io.clientsync.support.HeaderValues;
import org.apache.camel.Exchange;

/** TimeLog's personal access token, sent as {@code Authorization: Bearer <token>}. It cannot be refreshed. */
public final class TimeLogAuth {
    private final String header;

    public TimeLogAuth(String token) {
        this.header = "Bearer " + HeaderValues.checked("Authorization", token);
    }

    /** Route step: sets the Authorization header for the call. */
    public void authorize(Exchange exchange) {
        exchange.getIn().setHeader("Authorization", header);
    }

    String header() {
        return header;
    }
}
