package io.clientsync.reliability;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every credential, token and portal password is searched for in all log output (at DEBUG), every row of every
 * state table and every exception message of a run built to leak them: zero hits.
 */
class SecretsTest {
    private static final String API_KEY = "fatora-API-KEY-s3cr3t-1";
    private static final String TOKEN = "eyJ-TOKEN-s3cr3t-2.payload.sig";
    private static final String FEED_TOKEN = "feed-TOKEN-s3cr3t-3";
    private static final String PORTAL = "portal-PASSWORD-s3cr3t-4";
    private static final List<String> SECRETS = List.of(API_KEY, TOKEN, FEED_TOKEN, PORTAL);

    private WireMockServer wm;
    private final StringWriter logs = new StringWriter();
    private WriterAppender appender;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.DEBUG);
        config.getLoggerConfig("io.clientsync").setLevel(Level.DEBUG);
        config.getLoggerConfig("org.apache.camel").setLevel(Level.DEBUG);
        ctx.updateLoggers();
    }

    @AfterEach
    void stop() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender("secrets-capture");
        config.getRootLogger().setLevel(Level.WARN);
        config.getLoggerConfig("io.clientsync").setLevel(Level.INFO);
        config.getLoggerConfig("org.apache.camel").setLevel(Level.WARN);
        ctx.updateLoggers();
        appender.stop();
        wm.stop();
    }

    /**
     * On an H2 file store the store's files themselves are searched too (bytes, every file beside the store but its
     * key file): the inbox keeps a portal password only sealed.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2-file", "postgres"})
    void noSecretReachesALogADeadLetterARunRowOrAnExceptionMessage(String kind,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String state = kind.equals("postgres") ? io.clientsync.testing.Postgres.freshDatabase()
                : "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        // A hostile vendor that echoes what it was sent, and refuses twice.
        wm.stubFor(post("/v1/Authorization/Authorize").inScenario("a").whenScenarioStateIs(STARTED)
                .willReturn(status(401).withBody("{\"status\":\"ERROR\",\"error\":\"bad key " + API_KEY + "\"}"))
                .willSetStateTo("ok"));
        wm.stubFor(post("/v1/Authorization/Authorize").inScenario("a").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"success\":true,\"bearer_token\":\"" + TOKEN + "\"}")));
        wm.stubFor(put("/v1/clients/1").willReturn(badRequest().withBody(
                "{\"status\":\"ERROR\",\"error\":\"you sent Bearer " + TOKEN + "\"}")));
        wm.stubFor(put("/v1/clients/2").willReturn(status(503).withBody("token " + TOKEN)));
        wm.stubFor(put("/v1/clients/3").willReturn(okJson("{\"status\":\"SUCCESS\"}")));
        String contact = "\"contacts\":[{\"id\":\"p1\",\"name\":\"P\",\"portal_access\":true,\"portal_password\":\""
                + PORTAL + "\"}]";
        String feed = "{\"changes\":["
                + "{\"id\":\"s0\",\"version\":1,\"name\":\"Auth\",\"email\":\"a@x.dk\",\"vendor_ids\":{\"fatora\":3},"
                + contact + "},"
                + "{\"id\":\"s1\",\"version\":1,\"name\":\"Echo\",\"email\":\"e@x.dk\",\"vendor_ids\":{\"fatora\":1},"
                + contact + ",\"vendor_fields\":{\"fatora\":{\"api_token\":\"" + FEED_TOKEN + "\"}}},"
                + "{\"id\":\"s2\",\"version\":1,\"name\":\"Down\",\"email\":\"d@x.dk\",\"vendor_ids\":{\"fatora\":2},"
                + contact + "},"
                + "{\"id\":\"s/3\",\"version\":1,\"name\":\"Bad\"," + contact + "}"
                + "],\"next_cursor\":\"n\",\"has_more\":false}";
        wm.stubFor(get(urlPathEqualTo("/changes")).willReturn(okJson(feed)));

        StringBuilder everything = new StringBuilder();
        try (SyncTestApp app = SyncTestApp.start(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", API_KEY,
                "source.token", FEED_TOKEN, "delivery.concurrency", "1", "vendor.fatora.max-redeliveries", "1",
                "state.url", state))) {
            // What a vendor's delivery starts from: the feed answer's headers (the source's token among them) must not
            // travel into the vendor exchanges, where every copy of the exchange would carry them on. Only the
            // redelivery's own headers may be there.
            List<String> deliveryHeaders = new CopyOnWriteArrayList<>();
            AdviceWith.adviceWith(app.camel(), "fatora-delivery", a -> a.weaveAddFirst().process(e -> deliveryHeaders
                    .add(e.getIn().getHeaders().keySet().stream().filter(k -> !k.startsWith("CamelRedeliver"))
                            .toList().toString())));
            var stats = app.runOnce();
            assertThat(stats.deadLettered()).isEqualTo(3);
            assertThat(deliveryHeaders).hasSizeGreaterThanOrEqualTo(3).containsOnly("[]");
            everything.append(stats.summary());
            try (Connection c = app.store().connection(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("select count(*) from inbox_body where sealed is not null")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("sealed secrets erased once the only vendor passed them").isZero();
                }
                for (String table : List.of("dead_letter", "runs", "ledger", "xref", "sync_cursor", "sync_lock",
                        "inbox", "vendor_position")) {
                    try (ResultSet rs = st.executeQuery("select * from " + table)) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                everything.append(rs.getString(i)).append('\t');
                            }
                            everything.append('\n');
                        }
                    }
                }
            }
        }
        if (kind.equals("h2-file")) {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path file : files.filter(f -> !f.toString().endsWith(".secret-key")).toList()) {
                    everything.append(new String(java.nio.file.Files.readAllBytes(file),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        // the vendor did receive the secrets it needs: the test is not vacuous
        wm.verify(putRequestedFor(urlEqualTo("/v1/clients/3")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        wm.verify(getRequestedFor(urlPathEqualTo("/changes")).withHeader("Authorization",
                equalTo("Bearer " + FEED_TOKEN)));
        assertThat(everything.toString()).contains("s1").contains("****"); // the echoed token was redacted
        String logText = logs.toString();
        assertThat(logText).contains("DEBUG").contains("dead letter");
        for (String secret : SECRETS) {
            List<String> leaks = logText.lines().filter(l -> l.contains(secret)).limit(3).toList();
            assertThat(leaks).as("log lines holding a secret").isEmpty();
            assertThat(everything.toString()).as("state tables").doesNotContain(secret);
        }
    }
}
