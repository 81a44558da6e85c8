package io.clientsync.console;

import io.clientsync.app.ClientSyncApp;
import io.clientsync.app.SettingsLoader;
import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.testing.SyncTestApp;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code console.token}: with one set, every page and API call of the management port needs it (as a bearer token or
 * the login form's cookie, which does not hold it); bound beyond loopback, start-up refuses to run without one.
 */
class ConsoleTokenTest {
    static final String TOKEN = "console-token-of-this-test-0123";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static Main console;
    static int port;

    @BeforeAll
    static void serve() throws Exception {
        port = ConsoleApiTest.freePort();
        Map<String, String> s = new HashMap<>(SyncTestApp.testSettings(Map.of("vendors.enabled", "fatora",
                "vendor.fatora.api-key", "token-test-key", "console.token", TOKEN,
                "camel.management.port", Integer.toString(port))));
        console = ClientSyncApp.createConsoleMain(SettingsLoader.load(Path.of("application.properties"), true, s),
                Path.of("routes"));
        console.start();
    }

    @AfterAll
    static void stop() {
        console.stop();
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    @Test
    void everyPathNeedsTheToken() throws Exception {
        for (String path : new String[] {"/api/pipelines", "/api/dead-letters", "/observe/health", "/observe/metrics"}) {
            assertThat(send(get(path)).statusCode()).as(path).isEqualTo(401);
            assertThat(send(get(path).header("Authorization", "Bearer " + TOKEN + "x")).statusCode()).as(path)
                    .isEqualTo(401);
            assertThat(send(get(path).header("Authorization", "Bearer " + TOKEN)).statusCode()).as(path)
                    .isEqualTo(200);
        }
        HttpResponse<String> page = send(get("/console"));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue(ConsoleAccess.LOGIN);
        assertThat(send(get(ConsoleAccess.LOGIN)).body()).contains("console.token").doesNotContain(TOKEN);
    }

    @Test
    void theLoginFormSetsACookieThatDoesNotHoldTheToken() throws Exception {
        HttpResponse<String> wrong = send(login("not-the-token"));
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).hasValue(ConsoleAccess.LOGIN + "?failed");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> right = send(login(TOKEN));
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(ConsoleAccess.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .doesNotContain(TOKEN);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        assertThat(send(get("/api/pipelines").header("Cookie", pair)).statusCode()).isEqualTo(200);
        assertThat(send(get("/console").header("Cookie", pair)).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/pipelines").header("Cookie", ConsoleAccess.COOKIE + "=forged")).statusCode())
                .isEqualTo(401);
    }

    private static HttpRequest.Builder login(String token) {
        return get(ConsoleAccess.LOGIN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token,
                        StandardCharsets.UTF_8)));
    }

    @Test
    void beyondLoopbackStartUpRefusesToRunWithoutAToken() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        int shortToken;
        try {
            String[] common = {"-D", "state.url=" + SyncTestApp.memoryStore(), "-D", "vendors.enabled=fatora",
                    "-D", "vendor.fatora.api-key=k-1234", "-D", "camel.management.host=0.0.0.0",
                    "-D", "camel.management.port=" + port};
            exit = ClientSyncCommand.execute(concat(new String[] {"console"}, common));
            shortToken = ClientSyncCommand.execute(concat(new String[] {"console", "-D", "console.token=short"},
                    common));
        } finally {
            System.setErr(err);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(shortToken).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("setting console.token: is required when the management port is bound beyond loopback")
                .contains("setting console.token: must be at least 16 characters");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
