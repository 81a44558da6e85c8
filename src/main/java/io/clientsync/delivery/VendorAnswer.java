package io.clientsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/** A vendor's HTTP answer as the interpreters read it: status, body (bounded) and the Retry-After header. */
public record VendorAnswer(int status, String body, Duration retryAfter) {
    /** Bodies are cut to this before they reach a log or a dead letter. */
    public static final int MAX_BODY_IN_MESSAGES = 300;
    /**
     * The most of an answer that is read: every answer the interpreters expect is a few kilobytes, and a longer one
     * (a proxy's page, a runaway list) is cut here rather than held in memory, and read as the text it starts with.
     */
    public static final int MAX_ANSWER_BYTES = 1 << 20;

    /**
     * The call routes keep camel-http's answer as its stream (no stream cache): it is read here once, at most
     * {@link #MAX_ANSWER_BYTES} of it, and the body becomes that text for any step after this one.
     */
    public static VendorAnswer of(Exchange exchange) {
        var in = exchange.getIn();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body;
        if (in.getBody() instanceof InputStream stream) {
            in.setBody(null); // read once here, whatever happens: no later step may find it closed
            body = read(stream, charset(exchange), in.getHeader("Content-Length", -1L, Long.class), status);
            in.setBody(body);
        } else {
            body = in.getBody(String.class);
        }
        return new VendorAnswer(status, body == null ? "" : body,
                retryAfter(in.getHeader("Retry-After", String.class)));
    }

    private static String read(InputStream stream, Charset charset, long announced, int status) {
        try (stream) { // closing it hands the connection back to the pool
            // Sized by Content-Length when it is given, so a typical answer is one read into one array; one byte more
            // so that the end is seen without growing it. Never empty, whatever the header says.
            byte[] buf = new byte[announced >= 0 ? (int) Math.min(announced, MAX_ANSWER_BYTES - 1) + 1 : 1024];
            int n = 0;
            int r;
            while ((r = stream.read(buf, n, buf.length - n)) >= 0) {
                n += r;
                if (n == buf.length) {
                    if (n == MAX_ANSWER_BYTES) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(MAX_ANSWER_BYTES, 2L * n));
                }
            }
            return new String(buf, 0, n, charset);
        } catch (IOException e) {
            // Cut off mid-answer: transient, as it was when camel-http read the answer itself (an IOException).
            throw new TransientDeliveryException("the answer was cut off: " + e.getMessage(), status, null, null);
        }
    }

    private static Charset charset(Exchange exchange) {
        String name = exchange.getProperty(ExchangePropertyKey.CHARSET_NAME, String.class);
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
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
