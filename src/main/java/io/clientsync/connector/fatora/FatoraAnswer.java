package io.clientsync.connector.fatora;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.AuthRejectedException;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.VendorAnswer;
import org.apache.camel.Exchange;

/**
 * Reads Fatora's answer to a client update. 200 with status SUCCESS is delivered; any other 200 and 4xx are
 * refusals; 401 drops the token for one retry; 429 and 5xx are transient.
 */
public final class FatoraAnswer {
    private final FatoraTokenCache tokens;

    public FatoraAnswer(FatoraTokenCache tokens) {
        this.tokens = tokens;
    }

    public void interpret(Exchange exchange) {
        VendorAnswer answer = VendorAnswer.of(exchange);
        JsonNode json = answer.json();
        int status = answer.status();
        if (status == 200) {
            if (json == null) {
                throw answer.transientFailure("Fatora", null); // a cut or non-JSON answer: the PUT is safe to repeat
            }
            if ("SUCCESS".equals(json.path("status").asText())) {
                return;
            }
            throw PermanentDeliveryException.refused("Fatora answered 200 with status '"
                    + json.path("status").asText() + "': " + detail(json, answer), status, code(json));
        }
        if (status == 401) {
            tokens.invalidate(exchange.getProperty(FatoraTokenCache.GENERATION, -1L, Long.class));
            throw new AuthRejectedException("Fatora refused the token (HTTP 401): " + detail(json, answer), status,
                    code(json));
        }
        if (status == 429 || status >= 500) {
            throw answer.transientFailure("Fatora", code(json));
        }
        throw PermanentDeliveryException.refused("Fatora refused the client (HTTP " + status + "): "
                + detail(json, answer), status, code(json));
    }

    private static String detail(JsonNode json, VendorAnswer answer) {
        if (json != null && json.has("error")) {
            return errorText(json.get("error"));
        }
        return answer.shortBody();
    }

    private static String code(JsonNode json) {
        if (json == null) {
            return null;
        }
        JsonNode code = json.path("error").path("error_code");
        return code.isMissingNode() || code.isNull() ? null : code.asText();
    }

    /** {@code error} is an object {error_code, description} or a plain string. */
    static String errorText(JsonNode error) {
        if (error.isTextual()) {
            return error.textValue();
        }
        String description = error.path("description").asText("");
        String code = error.path("error_code").asText("");
        return (code.isEmpty() ? "" : "error " + code + ": ") + description;
    }
}
