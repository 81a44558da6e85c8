package io.clientsync.reliability;

import io.clientsync.change.ClientChange;
import io.clientsync.delivery.Replayer;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.VendorHealth;
import io.clientsync.sandbox.FaultPlan;
import io.clientsync.sandbox.LoopbackServer;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.sandbox.SampleFeed;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.support.Json;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vendor down for a whole run: everything for it is dead-lettered after the retries, the other vendor is
 * unaffected, health shows it down; once it is back, replay --all delivers everything, and never overwrites a
 * newer version delivered in the meantime.
 */
class VendorDownTest {
    private static final int CLIENTS = 20;

    @AfterEach
    void noFaults() {
        LoopbackServer.faults(null);
    }

    @Test
    void aVendorDownForARunIsDeadLetteredThenReplayedWithoutOverwritingNewer() throws Exception {
        try (Sandbox sandbox = Sandbox.start(false, CLIENTS, false)) {
            Map<String, String> s = new HashMap<>(sandbox.settings());
            s.remove("state.url");
            s.put("vendors.enabled", "fatora,everlytic");
            s.put("vendor.fatora.max-redeliveries", "2");
            s.put("vendor.fatora.rate-limit", "500");
            s.put("vendor.everlytic.rate-limit", "500");
            try (SyncTestApp app = SyncTestApp.start(s)) {
                LoopbackServer.faults(FaultPlan.down(Set.of("fatora")));
                RunStats run = app.runOnce();
                long eligible = CLIENTS - run.count("fatora", "no-id") - run.count("fatora", "deleted");
                assertThat(run.count("fatora", "dead-lettered")).as(run.summary()).isEqualTo(eligible);
                assertThat(run.count("fatora", "delivered")).isZero();
                assertThat(run.count("everlytic", "dead-lettered")).isZero();
                assertThat(run.count("everlytic", "delivered") + run.count("everlytic", "no-id")).isEqualTo(CLIENTS);
                assertThat(app.deadLetters()).allSatisfy(d -> {
                    assertThat(d.vendor()).isEqualTo("fatora");
                    assertThat(d.reason()).isEqualTo("exhausted");
                    assertThat(d.attempts()).isEqualTo(3);
                });
                VendorHealth health = app.bean("vendorHealth", VendorHealth.class);
                assertThat(health.problem("fatora")).get().asString().contains("exhausted");
                assertThat(health.problem("everlytic")).isEmpty();
                assertThat(sandbox.fatora().clients()).isEmpty();

                // Fatora is back; meanwhile a newer version of client-001 was delivered by a later sync.
                LoopbackServer.faults(null);
                ClientChange v1 = Json.MAPPER.readValue(SampleFeed.changes(CLIENTS, null, false).get(0),
                        ClientChange.class);
                ClientChange v2 = Json.MAPPER.readValue(SampleFeed.changes(CLIENTS, null, false).get(0)
                        .replace("\"version\":1", "\"version\":2").replace("Client 1 ApS", "Client 1 Renamed"),
                        ClientChange.class);
                assertThat(v1.version()).isEqualTo(1);
                app.camel().createProducerTemplate().sendBody("direct:deliver-fatora", v2);

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Replayer.Result result = app.bean("replayer", Replayer.class)
                        .replay(app.bean("deadLetterStore", DeadLetterStore.class).open(), new PrintStream(out));
                assertThat(result.discarded()).as(out.toString()).isEqualTo(1);
                assertThat(result.replayed()).isEqualTo((int) eligible - 1);
                assertThat(result.failedAgain()).isZero();
                assertThat(app.deadLetters()).extracting(DeadLetter::state).doesNotContain(DeadLetter.OPEN);
                assertThat(health.problem("fatora")).isEmpty();
            }
            Map<Long, ?> records = sandbox.fatora().clients();
            assertThat(records).hasSize((int) CLIENTS - 2 - 1); // no-id: 10 and 20; deleted: 7
            assertThat(sandbox.fatora().clients().get(SampleFeed.FATORA_ID_BASE + 1).get("name").asText())
                    .isEqualTo("Client 1 Renamed");
        }
    }
}
