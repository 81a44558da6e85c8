package io.clientsync.connector.paymocontacts;

import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.support.HeaderValues;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the request of the plan's current op: method, path (into {@link #PATH}), Basic auth with the API key and
 * "X", Accept, and for POST/PUT the Content-Type and body (JSON, or multipart/form-data with the file in
 * {@code image}). An image that cannot be used marks its op failed and sets {@link #NO_CALL}: that step fails, the
 * others go on.
 */
public final class PaymoContactsRequest {
    public static final String PATH = "clientSyncPaymoPath";
    public static final String NO_CALL = "clientSyncPaymoNoCall";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");

    private final String authorization;
    private final PaymoImageFetcher images;
    private final PaymoRateLimits rateLimits;

    public PaymoContactsRequest(String apiKey, PaymoImageFetcher images, PaymoRateLimits rateLimits) {
        this.authorization = HeaderValues.checked("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((apiKey + ":X").getBytes(StandardCharsets.UTF_8)));
        this.images = images;
        this.rateLimits = rateLimits;
    }

    public void prepare(Exchange exchange) {
        ContactPlan plan = exchange.getProperty(PaymoContactsPlanner.PLAN, ContactPlan.class);
        ContactOp op = plan.current().orElseThrow(() -> new IllegalStateException("no contact op pending"));
        Message in = exchange.getIn();
        exchange.setProperty(NO_CALL, false);
        in.setHeader("Authorization", authorization);
        in.setHeader("Accept", "application/json");
        switch (op.kind()) {
            case CREATE -> {
                in.setHeader(Exchange.HTTP_METHOD, "POST");
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(Json.write(op.fields()));
                exchange.setProperty(PATH, "/clientcontacts");
            }
            case UPDATE -> {
                Map<String, Object> body = new LinkedHashMap<>(op.fields());
                if (op.password() != null) {
                    body.put("password", op.password());
                }
                in.setHeader(Exchange.HTTP_METHOD, "PUT");
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(Json.write(body));
                exchange.setProperty(PATH, "/clientcontacts/" + remoteId(plan, op));
            }
            case DELETE -> {
                in.setHeader(Exchange.HTTP_METHOD, "DELETE");
                in.setBody(null);
                exchange.setProperty(PATH, "/clientcontacts/" + remoteId(plan, op));
            }
            case IMAGE -> {
                String path = "/clientcontacts/" + remoteId(plan, op);
                if (op.image() == null) {
                    try {
                        PaymoImageFetcher.Image image = images.fetch(op.imageUrl());
                        op.image(image.bytes(), image.mediaType());
                    } catch (PaymoImageFetcher.BadImageException e) {
                        plan.stepFailed("contact " + op.contactId() + ": image not sent: " + e.getMessage());
                        op.done(true);
                        exchange.setProperty(DeliveryKeys.ATTEMPTS, 0);
                        exchange.setProperty(NO_CALL, true);
                        return;
                    }
                }
                String boundary = "clientsync-" + UUID.randomUUID();
                in.setHeader(Exchange.HTTP_METHOD, "POST");
                in.setHeader(Exchange.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary);
                in.setBody(multipart(boundary, op));
                exchange.setProperty(PATH, path);
            }
            default -> throw new IllegalStateException("unknown op " + op.kind());
        }
        rateLimits.awaitRoom();
    }

    private static String remoteId(ContactPlan plan, ContactOp op) {
        String id = plan.remoteId(op.contactId()).orElseThrow(() -> new IllegalStateException(
                "contact " + op.contactId() + " has no Paymo id"));
        if (!DIGITS.matcher(id).matches()) {
            throw new IllegalArgumentException("contact " + op.contactId() + ": Paymo id is not a number");
        }
        return id;
    }

    static byte[] multipart(String boundary, ContactOp op) {
        String extension = switch (op.imageType()) {
            case "image/png" -> "png";
            case "image/gif" -> "gif";
            default -> "jpg";
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream(op.image().length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"contact." + extension + "\"\r\n"
                + "Content-Type: " + op.imageType() + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(op.image());
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
