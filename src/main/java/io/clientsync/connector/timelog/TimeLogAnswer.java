package io.clientsync.connector.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.VendorAnswer;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;

/**
 * Reads TimeLog's answer to {@code customer/update} (VENDORS.md "timelog"). 2xx is delivered. TimeLog sends
 * validation (Code 100) and business-rule (Code 102) refusals as HTTP 500 with a JSON {@code Code}: permanent.
 * A 500 without one, 502/503/504 and 429 are transient. 401 is permanent with reason {@code auth} (a personal
 * token cannot be refreshed), which turns TimeLog's health check down. Every other status is permanent.
 */
public final class TimeLogAnswer {

    public void interpret(Exchange exchange) {
        VendorAnswer answer = VendorAnswer.of(exchange);
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return;
        }
        JsonNode json = answer.json();
        String code = code(json);
        if (status == 401) {
            throw new PermanentDeliveryException("auth", "TimeLog refused the token (HTTP 401; a personal access "
                    + "token cannot be refreshed, set a new vendor.timelog.token): " + detail(json, answer), status,
                    code);
        }
        if (status == 500 && code != null) {
            throw PermanentDeliveryException.refused("TimeLog refused the customer (HTTP 500, Code " + code + "): "
                    + detail(json, answer), status, code);
        }
        if (status == 429 || status >= 500) {
            throw answer.transientFailure("TimeLog", code);
        }
        throw PermanentDeliveryException.refused("TimeLog refused the customer (HTTP " + status + "): "
                + detail(json, answer), status, code);
    }

    /** The {@code Code} of TimeLog's error body (top level or inside Properties), or null. */
    static String code(JsonNode json) {
        JsonNode body = errorBody(json);
        if (body == null) {
            return null;
        }
        JsonNode code = body.get("Code");
        return code == null || code.isNull() || code.asText().isBlank() ? null : code.asText();
    }

    private static JsonNode errorBody(JsonNode json) {
        if (json == null || !json.isObject()) {
            return null;
        }
        return json.has("Code") ? json : json.path("Properties").has("Code") ? json.get("Properties") : json;
    }

    private static String detail(JsonNode json, VendorAnswer answer) {
        JsonNode body = errorBody(json);
        if (body == null || !(body.has("Message") || body.has("Details"))) {
            return answer.shortBody();
        }
        String message = body.path("Message").asText("");
        JsonNode details = body.get("Details");
        String d = details == null || details.isNull() ? "" : details.isTextual() ? details.textValue()
                : details.toString();
        String text = message.isBlank() ? d : d.isBlank() ? message : message + " (" + d + ")";
        return Json.truncate(text, VendorAnswer.MAX_BODY_IN_MESSAGES);
    }
}
