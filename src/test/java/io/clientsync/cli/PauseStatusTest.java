package io.clientsync.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pause --vendor}, {@code resume --vendor} and {@code status} through the command line, against the store a
 * running app uses: a paused vendor's changes wait in the inbox (nothing is dead-lettered), the pause holds across
 * a restart, and resumed, the vendor catches up from its position.
 */
class PauseStatusTest {
    private WireMockServer wm;
    private String state;
    private Map<String, String> settings;

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "pause-token");
        FeedStub.pages(wm, List.of(List.of(FeedStub.change("p1", 1, "One", "1@x.dk", "{\"fatora\":1}"),
                FeedStub.change("p2", 1, "Two", "2@x.dk", "{\"fatora\":2}"),
                FeedStub.change("p3", 1, "Three", "3@x.dk", "{\"fatora\":3}"))));
        FeedStub.after(wm, "p1", List.of(), "p1");
        state = SyncTestApp.memoryStore();
        settings = Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora", "state.url", state,
                "vendor.fatora.base-url", wm.baseUrl() + "/v1", "vendor.fatora.api-key", "pause-key-1");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    /** Runs the command line as a user would, returning its exit code and what it printed. */
    private record Cli(int exit, String out) {
    }

    private Cli cli(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "-Dstate.url=" + state;
            all[args.length + 1] = "-Dvendors.enabled=fatora";
            return new Cli(ClientSyncCommand.execute(all), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void aPausedVendorWaitsAcrossARestartAndCatchesUpWhenResumed() {
        assertThat(cli("pause", "--vendor", "fatora").exit()).isEqualTo(ExitCodes.OK);
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            RunStats run = app.runOnce();
            assertThat(run.note("fatora")).as(run.summary()).isEqualTo("paused, 3 waiting");
            assertThat(run.summary()).contains("fatora delivered 0").contains("paused, 3 waiting");
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(0, putRequestedFor(anyUrl()));

        Cli status = cli("status");
        assertThat(status.exit()).isEqualTo(ExitCodes.OK);
        assertThat(status.out().lines().toList()).hasSize(2);
        assertThat(status.out()).containsPattern("source\\s+idle\\s+position 3, cursor p1");
        assertThat(status.out()).containsPattern("fatora\\s+paused\\s+position 0, lag 3, oldest waiting \\d+s");

        try (SyncTestApp app = SyncTestApp.start(settings)) { // held across a restart
            assertThat(app.runOnce().note("fatora")).isEqualTo("paused, 3 waiting");
        }
        wm.verify(0, putRequestedFor(anyUrl()));

        Cli resumed = cli("resume", "--vendor", "fatora");
        assertThat(resumed.out()).contains("fatora resumed: 3 change(s) waiting");
        try (SyncTestApp app = SyncTestApp.start(settings)) {
            RunStats run = app.runOnce();
            assertThat(run.count("fatora", "delivered")).isEqualTo(3);
            assertThat(run.note("fatora")).isNull();
        }
        wm.verify(3, putRequestedFor(anyUrl()));
        assertThat(cli("status").out()).containsPattern("fatora\\s+caught up\\s+position 3, lag 0, oldest waiting -");
    }

    @Test
    void anUnknownVendorIsAConfigurationErrorNamingIt() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(cli("pause", "--vendor", "fatorra").exit()).isEqualTo(ExitCodes.CONFIG);
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--vendor").contains("fatorra").contains("fatora");
    }
}
