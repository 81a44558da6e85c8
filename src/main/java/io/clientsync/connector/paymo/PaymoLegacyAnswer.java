package io.clientsync.connector.paymo;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.AuthRejectedException;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.VendorAnswer;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.Set;

/**
 * Reads the legacy API's answer. Paymo answers HTTP 200 even on failure, so the body decides: {@code status ok} is
 * delivered; error 104 drops the token for one retry; 106 and 107 are transient; every other code (101, 102, 103,
 * 105, 108, 206, 208, and codes VENDORS.md does not name) is a refusal. An HTTP status other than 200, or a 200
 * without a JSON body, is transient.
 */
public final class PaymoLegacyAnswer {
    static final String AUTH_EXPIRED = "104";
    static final Set<String> TRANSIENT = Set.of("106", "107");

    private final PaymoTokenCache tokens;

    public PaymoLegacyAnswer(PaymoTokenCache tokens) {
        this.tokens = tokens;
    }

    public void interpret(Exchange exchange) {
        VendorAnswer answer = VendorAnswer.of(exchange);
        JsonNode json = parse(answer.body());
        if (answer.status() != 200 || json == null) {
            throw answer.transientFailure("Paymo", null);
        }
        if ("ok".equals(json.path("status").asText())) {
            return;
        }
        String code = code(json);
        String message = "Paymo answered error " + (code == null ? "(no code)" : code) + ": " + detail(json);
        if (AUTH_EXPIRED.equals(code)) {
            tokens.invalidate(exchange.getProperty(PaymoTokenCache.GENERATION, -1L, Long.class));
            throw new AuthRejectedException(message, answer.status(), code);
        }
        if (TRANSIENT.contains(code)) {
            throw new io.clientsync.delivery.TransientDeliveryException(message, answer.status(), code, null);
        }
        throw PermanentDeliveryException.refused(message, answer.status(), code);
    }

    /** The error code, a number or a string in the answer, as text; null when absent. */
    static String code(JsonNode json) {
        JsonNode code = json.path("error").path("code");
        return code.isMissingNode() || code.isNull() ? null : code.asText().trim();
    }

    static String detail(JsonNode json) {
        JsonNode error = json.path("error");
        if (error.isTextual()) {
            return Json.truncate(error.textValue(), VendorAnswer.MAX_BODY_IN_MESSAGES);
        }
        String message = error.path("message").asText("");
        return message.isEmpty() ? Json.truncate(json.toString(), VendorAnswer.MAX_BODY_IN_MESSAGES)
                : Json.truncate(message, VendorAnswer.MAX_BODY_IN_MESSAGES);
    }

    static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
