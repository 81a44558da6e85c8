package io.clientsync.connector.everlytic;

import io.clientsync.support.HeaderValues;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic with vendor.everlytic.username and vendor.everlytic.api-key, for both transports. */
public final class EverlyticAuth {
    private final String header;

    public EverlyticAuth(String username, String apiKey) {
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("vendor.everlytic.username must not contain ':'");
        }
        String encoded = Base64.getEncoder().encodeToString((username + ":" + apiKey)
                .getBytes(StandardCharsets.UTF_8));
        Secrets.register(encoded);
        this.header = HeaderValues.checked("Authorization", "Basic " + encoded);
    }

    /** Route step: sets the Authorization header for the call. */
    public void authorize(Exchange exchange) {
        exchange.getIn().setHeader("Authorization", header);
    }
}
