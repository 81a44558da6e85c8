package io.clientsync.connector.everlytic;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.VendorAnswer;
import org.apache.camel.Exchange;

/**
 * Reads Everlytic's REST answer (VENDORS.md "everlytic"): 2xx ({@code {"links":[...],"item":{...}}}) is delivered;
 * failures carry {@code {"error":{"message":"..."}}}. 401 is permanent with reason {@code auth} (Basic credentials
 * cannot be refreshed); 400, 403, 404, 422 and every other 4xx are permanent; 429 and 5xx are transient.
 */
public final class EverlyticAnswer {

    public void interpret(Exchange exchange) {
        VendorAnswer answer = VendorAnswer.of(exchange);
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return;
        }
        String detail = detail(answer.json(), answer);
        if (status == 401) {
            throw new PermanentDeliveryException("auth", "Everlytic refused the credentials (HTTP 401): " + detail,
                    status, null);
        }
        if (status == 429 || status >= 500) {
            throw answer.transientFailure("Everlytic", null);
        }
        throw PermanentDeliveryException.refused("Everlytic refused the customer (HTTP " + status + "): " + detail,
                status, null);
    }

    private static String detail(JsonNode json, VendorAnswer answer) {
        if (json != null) {
            JsonNode error = json.get("error");
            if (error != null && error.isTextual()) {
                return error.textValue();
            }
            if (error != null && error.path("message").isTextual()) {
                return error.get("message").textValue();
            }
        }
        return answer.shortBody();
    }
}
