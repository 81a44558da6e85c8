package io.clientsync.connector.paymo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** {@code application/x-www-form-urlencoded} bodies of the legacy API (UTF-8, in the order given). */
final class PaymoForm {
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    private PaymoForm() {
    }

    static String encode(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
