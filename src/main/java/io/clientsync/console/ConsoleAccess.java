package io.clientsync.console;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * The management port's gate, run before every handler on it (health, metrics, the console and its API):
 * <ul>
 * <li>beyond loopback, a caller shows {@code console.token}: as {@code Authorization: Bearer} (scripts, Prometheus)
 * or as the cookie the login form sets, which holds a keyed digest of the token, never the token; compared in
 * constant time;</li>
 * <li>on loopback, the Host header must name a loopback address, so a web page cannot reach the console through a
 * name of its own that it points at 127.0.0.1 (DNS rebinding);</li>
 * <li>an action (any POST) coming from a browser must come from the console's own origin: a page of another site
 * cannot make one.</li>
 * </ul>
 */
final class ConsoleAccess implements Handler<RoutingContext> {
    static final String COOKIE = "client_sync_console";
    static final String LOGIN = "/console/login";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final String token;
    private final String cookieValue;
    private final boolean loopback;

    ConsoleAccess(ConsoleSettings settings) {
        this.token = settings.token();
        this.loopback = settings.loopback();
        this.cookieValue = token == null ? null : sessionValue(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.response().putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        if (loopback && token == null && !loopbackHost(host(req))) {
            refuse(ctx, 403, "the console answers loopback names only; set console.token to reach it by another name");
            return;
        }
        if (req.method() == HttpMethod.POST && !sameOrigin(req)) {
            refuse(ctx, 403, "an action must come from the console's own page");
            return;
        }
        if (token != null && !(LOGIN.equals(req.path()) || bearer(req) || cookie(ctx))) {
            if (req.method() == HttpMethod.GET && req.path().startsWith("/console")) {
                ctx.redirect(LOGIN);
                return;
            }
            refuse(ctx, 401, "console.token required: send Authorization: Bearer <token>, or log in at " + LOGIN);
            return;
        }
        ctx.next();
    }

    /** The login form's POST: the right token sets the session cookie. */
    boolean login(String offered) {
        return token != null && offered != null && equal(offered, token);
    }

    String cookieValue() {
        return cookieValue;
    }

    private boolean bearer(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && equal(auth.substring(7).strip(), token);
    }

    private boolean cookie(RoutingContext ctx) {
        var c = ctx.request().getCookie(COOKIE);
        return c != null && equal(c.getValue(), cookieValue);
    }

    /**
     * A browser sends Origin with every POST (and Sec-Fetch-Site): it must be this server. A script (curl) sends
     * neither and is let through: it cannot be made to act by a web page.
     */
    private static boolean sameOrigin(HttpServerRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = req.getHeader("Origin");
        String host = String.valueOf(host(req));
        if (origin == null) {
            String referer = req.getHeader("Referer");
            return referer == null || authority(referer).equalsIgnoreCase(host);
        }
        return !"null".equals(origin) && authority(origin).equalsIgnoreCase(host);
    }

    /** Host and port the request was sent to: the Host header, or HTTP/2's :authority. */
    private static String host(HttpServerRequest req) {
        var authority = req.authority();
        if (authority == null) {
            return null;
        }
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }

    private static String authority(String url) {
        try {
            String a = URI.create(url).getRawAuthority();
            return a == null ? "" : a;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static boolean loopbackHost(String authority) {
        if (authority == null) {
            return false;
        }
        String host = authority.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return LOOPBACK_NAMES.contains(host) || host.startsWith("127.") && host.chars().allMatch(
                ch -> ch == '.' || Character.isDigit(ch));
    }

    /** Whether an address to bind is loopback: a name is looked up, as the server would. */
    static boolean loopbackBind(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"error\":" + io.clientsync.support.Json.write(message) + "}");
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The cookie: an HMAC of a fixed label keyed with the token, so the cookie jar never holds the token. */
    private static String sessionValue(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("client-sync console session".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
