package io.clientsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** A vendor's HTTP answer as the interpreters read it: status, body (bounded) and the Retry-After header. */
public record VendorAnswer(int status, String body, Duration retryAfter) {
    /** Bodies are cut to this before they reach a log or a dead letter. */
    public static final int MAX_BODY_IN_MESSAGES = 300;

    public static VendorAnswer of(Exchange exchange) {
        var in = exchange.getIn();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = in.getBody(String.class);
        return new VendorAnswer(status, body == null ? "" : body, retryAfter(in.getHeader("Retry-After", String.class)));
    }

    /** The body as JSON, or null when it is not JSON. */
    public JsonNode json() {
        if (body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    public String shortBody() {
        return Json.truncate(body, MAX_BODY_IN_MESSAGES);
    }

    public boolean isServerError() {
        return status >= 500;
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                long millis = ZonedDateTime.now(at.getZone()).until(at, ChronoUnit.MILLIS);
                return Duration.ofMillis(Math.max(0, millis));
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** The transient failure for this answer (429, 5xx, no answer we can use). */
    public TransientDeliveryException transientFailure(String vendorLabel, String code) {
        return new TransientDeliveryException(vendorLabel + " answered HTTP " + status + ": " + shortBody(), status,
                code, retryAfter);
    }
}
