package io.clientsync.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts the console on the management port, beside {@code /observe/health}: the pages under {@code /console} (files
 * of the jar: no CDN) and the JSON API under {@code /api} that the pages use and scripts may call. The gate
 * ({@link ConsoleAccess}) runs first for every path of the port.
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    /** The page's files: name -> content type. */
    private static final Map<String, String> ASSETS = Map.of("index.html", "text/html; charset=utf-8",
            "login.html", "text/html; charset=utf-8", "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    /** The page runs only the jar's own script and style: a value that slipped through escaping could run nothing. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** The project's mapper (its read limits), with instants as ISO-8601 text. */
    private static final ObjectMapper JSON = Json.MAPPER.copy().registerModule(new SimpleModule("console-instants")
            .addSerializer(Instant.class, ToStringSerializer.instance));

    private final ConsoleApi api;
    private final ConsoleAccess access;

    private ConsoleRoutes(ConsoleApi api, ConsoleSettings settings) {
        this.api = api;
        this.access = new ConsoleAccess(settings);
    }

    /** Mounts the console once Camel has started its management server; without one (--once) there is none. */
    public static void install(CamelContext camel, ConsoleSettings settings, ConsoleApi api) throws Exception {
        ConsoleRoutes routes = new ConsoleRoutes(api, settings);
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
                if (server != null) {
                    routes.mount(server.getRouter());
                    LOG.info("console on http://{}:{}/console", server.getHost(), server.getPort());
                }
            }
        });
    }

    void mount(Router router) {
        router.route().order(-1000).handler(access);
        router.post(ConsoleAccess.LOGIN).handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::login);
        router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));

        router.get("/console").handler(ctx -> asset(ctx, "index.html"));
        router.get("/console/").handler(ctx -> asset(ctx, "index.html"));
        router.get(ConsoleAccess.LOGIN).handler(ctx -> asset(ctx, "login.html"));
        router.get("/console/:file").handler(ctx -> asset(ctx, ctx.pathParam("file")));

        json(router, HttpMethod.GET, "/api/pipelines", ctx -> Map.of("pipelines", api.pipelines()));
        json(router, HttpMethod.GET, "/api/dead-letters", ctx -> Map.of("deadLetters", api.deadLetters(
                query(ctx, "vendor"), query(ctx, "reason"), query(ctx, "client"), query(ctx, "state"))));
        json(router, HttpMethod.POST, "/api/dead-letters/replay", ctx -> api.replay(ids(ctx)));
        json(router, HttpMethod.GET, "/api/dead-letters/:id", ctx -> api.deadLetter(id(ctx)));
        json(router, HttpMethod.POST, "/api/dead-letters/:id/replay", ctx -> api.replay(List.of(id(ctx))));
        json(router, HttpMethod.POST, "/api/dead-letters/:id/discard", ctx -> api.discard(id(ctx)));
        json(router, HttpMethod.GET, "/api/clients/:id", ctx -> api.client(ctx.pathParam("id")));
        json(router, HttpMethod.POST, "/api/vendors/:id/pause", ctx -> api.hold(ctx.pathParam("id"), true));
        json(router, HttpMethod.POST, "/api/vendors/:id/resume", ctx -> api.hold(ctx.pathParam("id"), false));
    }

    /** The store is read on a worker thread, never on Vert.x's event loop. */
    private static void json(Router router, HttpMethod method, String path, Function<RoutingContext, Object> action) {
        router.route(method, path).blockingHandler(ctx -> {
            int status = 200;
            String body;
            try {
                body = JSON.writeValueAsString(action.apply(ctx));
            } catch (ConsoleApi.NotFound e) {
                status = 404;
                body = error(e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException e) {
                status = e instanceof IllegalStateException ? 409 : 400;
                body = error(Secrets.redact(e.getMessage()));
            } catch (RuntimeException | JsonProcessingException e) {
                LOG.warn("console {} {} failed: {}", method, path, Secrets.redact(String.valueOf(e.getMessage())));
                status = 500;
                body = error(Secrets.redact(io.clientsync.support.Errors.rootMessage(e)));
            }
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
        }, false);
    }

    private static String error(String message) {
        return Json.write(Map.of("error", String.valueOf(message)));
    }

    private void login(RoutingContext ctx) {
        if (access.login(ctx.request().getFormAttribute("token"))) {
            ctx.response().addCookie(Cookie.cookie(ConsoleAccess.COOKIE, access.cookieValue()).setPath("/")
                    .setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
            ctx.redirect("/console");
        } else {
            ctx.response().setStatusCode(303).putHeader("Location", ConsoleAccess.LOGIN + "?failed").end();
        }
    }

    private static void asset(RoutingContext ctx, String name) {
        String type = ASSETS.get(name);
        byte[] body = type == null ? null : read(name);
        if (body == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response().putHeader("Content-Type", type).putHeader("Content-Security-Policy", CSP)
                .end(io.vertx.core.buffer.Buffer.buffer(body));
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static String query(RoutingContext ctx, String name) {
        return ctx.queryParams().get(name);
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a dead letter id is a number, not '" + ctx.pathParam("id") + "'");
        }
    }

    /** {@code {"ids": [1, 2]}}: the dead letters selected on the page. */
    private static List<Long> ids(RoutingContext ctx) {
        var body = ctx.body() == null ? null : ctx.body().asJsonObject();
        var ids = body == null ? null : body.getJsonArray("ids");
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("the body must be {\"ids\": [dead letter id, ...]} with at least one id");
        }
        List<Long> out = new ArrayList<>();
        for (Object o : ids) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException("ids must be numbers, not '" + o + "'");
            }
            out.add(n.longValue());
        }
        return out;
    }
}
