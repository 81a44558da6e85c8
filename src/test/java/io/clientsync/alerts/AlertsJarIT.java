package io.clientsync.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.support.Json;
import io.clientsync.testing.JarProcess;
import io.clientsync.testing.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts end to end, from the packaged jar as a job runner starts it: the sandbox with Fatora pointed at a port
 * nothing listens on, and a WireMock webhook. The process ends only after its queued alerts are sent. (One alert per
 * change of state across runs is AlertsTest's: the sandbox starts each run on a fresh store.)
 */
class AlertsJarIT {
    private static final String HOOK_PATH = "/services/T0JAR/B0JAR/jar-hook-path-token-91c2";
    private WireMockServer hook;

    @BeforeEach
    void start() {
        hook = Peers.wireMock();
        hook.stubFor(post(HOOK_PATH).willReturn(ok()));
    }

    @AfterEach
    void stop() {
        hook.stop();
    }

    private List<JsonNode> alerts() {
        return hook.findAll(postRequestedFor(urlEqualTo(HOOK_PATH))).stream().map(r -> {
            try {
                return Json.MAPPER.readTree(r.getBodyAsString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aSandboxRunWithFatoraDownAlertsItsDeadLettersAndTheOutageOnceEach() throws Exception {
        JarProcess jar = JarProcess.in("alerts-jar-", Map.of("alerts.webhook-url", hook.baseUrl() + HOOK_PATH));
        String fatoraNowhere = "-Dvendor.fatora.base-url=http://127.0.0.1:" + Peers.freePort() + "/v1";
        Process once = jar.start(List.of(), "--sandbox", "--once", fatoraNowhere,
                "-Dvendor.fatora.down-after-calls=3");
        assertThat(once.waitFor(180, TimeUnit.SECONDS)).as("the run ended").isTrue();
        assertThat(once.exitValue()).as(jar.err()).isEqualTo(4);
        assertThat(jar.summary()).containsPattern("fatora delivered 0, .*dead-lettered 0, down, \\d+ waiting");

        List<JsonNode> sent = alerts();
        assertThat(sent).extracting(a -> a.path("kind").asText())
                .containsExactlyInAnyOrder("vendor-down", "dead-letters");
        JsonNode down = sent.stream().filter(a -> a.path("kind").asText().equals("vendor-down")).findFirst()
                .orElseThrow();
        assertThat(down.path("vendor").asText()).isEqualTo("fatora");
        JsonNode letters = sent.stream().filter(a -> a.path("kind").asText().equals("dead-letters")).findFirst()
                .orElseThrow();
        assertThat(letters.path("dead_letters").path("source").asInt()).as("the four invalid sample changes")
                .isEqualTo(4);
        assertThat(letters.path("dead_letters").has("fatora")).as("an outage dead-letters nothing").isFalse();

        String everything = jar.out() + jar.err() + sent;
        assertThat(everything).doesNotContain("jar-hook-path-token-91c2").doesNotContain(Sandbox.FATORA_KEY);
    }
}
