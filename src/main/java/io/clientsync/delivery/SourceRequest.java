package io.clientsync.delivery;

import io.clientsync.support.HeaderValues;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the feed request: {@code GET {source.url}?since={cursor}&limit={page size}}, bearer token when set. */
public final class SourceRequest {
    private final int pageSize;
    private final String token;

    public SourceRequest(int pageSize, String token) {
        this.pageSize = pageSize;
        this.token = token == null || token.isBlank() ? null : HeaderValues.checked("Authorization", token);
    }

    public void prepare(Exchange exchange) {
        exchange.setProperty(DeliveryKeys.ATTEMPTS, exchange.getProperty(DeliveryKeys.ATTEMPTS, 0, Integer.class) + 1);
        var in = exchange.getIn();
        in.getHeaders().clear();
        in.setBody(null);
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("Accept", "application/json");
        if (token != null) {
            in.setHeader("Authorization", "Bearer " + token);
        }
        String cursor = exchange.getProperty(DeliveryKeys.CURSOR, String.class);
        String query = (cursor == null ? "" : "since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) + "&")
                + "limit=" + pageSize;
        in.setHeader(Exchange.HTTP_QUERY, query);
    }
}
