package io.clientsync.connector.paymocontacts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a contact's profile image: http(s) only, at most {@code maxBytes}, the whole download within
 * {@code timeout}, and only JPEG, PNG or GIF as told by the first bytes (not by the URL or the Content-Type).
 */
public final class PaymoImageFetcher {
    /** What a fetched image is; {@code extension} names the uploaded file. */
    public record Image(byte[] bytes, String mediaType, String extension) {
    }

    /** The image cannot be used: a permanent failure of the image step. */
    public static final class BadImageException extends Exception {
        BadImageException(String message) {
            super(message, null, false, false);
        }
    }

    private final int maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    public PaymoImageFetcher(int maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Image fetch(String url) throws BadImageException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadImageException("image_url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new BadImageException("image_url must be an http(s) URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        CompletableFuture<byte[]> download = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(this::read);
        byte[] bytes;
        try {
            bytes = download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            throw new BadImageException("image not fetched within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadImageException("image fetch interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new BadImageException(cause instanceof BadImageRuntime b ? b.getMessage()
                    : "image fetch failed: " + cause.getClass().getSimpleName());
        }
        return classify(bytes);
    }

    private byte[] read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new BadImageRuntime("image fetch answered HTTP " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new BadImageRuntime("image is " + declared + " bytes, more than " + maxBytes);
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new BadImageRuntime("image is more than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadImageRuntime("image fetch failed: " + e.getClass().getSimpleName());
        }
    }

    /** JPEG, PNG or GIF by magic bytes; anything else is refused. */
    static Image classify(byte[] b) throws BadImageException {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return new Image(b, "image/jpeg", "jpg");
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (b.length >= 8 && Arrays.equals(Arrays.copyOf(b, 8), png)) {
            return new Image(b, "image/png", "png");
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8'
                && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return new Image(b, "image/gif", "gif");
        }
        throw new BadImageException("image_url is not a JPEG, PNG or GIF image");
    }

    private static final class BadImageRuntime extends RuntimeException {
        BadImageRuntime(String message) {
            super(message, null, false, false);
        }
    }
}
