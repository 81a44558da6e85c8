package io.clientsync.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.delivery.RunStats;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.sandbox.FaultPlan;
import io.clientsync.sandbox.LoopbackServer;
import io.clientsync.sandbox.SandboxFeed;
import io.clientsync.support.Json;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault soak: a feed synced while the vendor simulator answers about 20% of calls with a transient fault (503, 429
 * with Retry-After, an answer past the timeout, a connection cut mid-answer). Every change must end delivered, the
 * vendor's records equal those of a fault-free run, no dead letter, and the vendor never above its rate limit.
 * The default suite runs a small feed; {@code mvn -B verify -Psoak} runs 10,000 changes (docs/RELIABILITY.md).
 */
class FaultSoakTest {
    static final int CHANGES = Integer.getInteger("soak.changes", 300);
    /** The vendor's limit per second. The throttle is set 10% below it, as an operator would: between a permit
     * and the request's arrival lie milliseconds of scheduling jitter (up to ~100 ms on a loaded 2-core machine). */
    static final int RATE_LIMIT = 400;
    static final int THROTTLE = RATE_LIMIT * 9 / 10;

    @AfterEach
    void noFaults() {
        LoopbackServer.faults(null);
    }

    static List<String> feed(int n) {
        List<String> changes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("id", "soak-" + i);
            c.put("version", 1);
            c.put("name", "Soak " + i + " ÆØÅ");
            c.put("email", "soak" + i + "@example.dk");
            c.put("phone", "+45 " + (10_000_000 + i));
            c.putObject("address").put("line1", "Vej " + i).put("city", "Odense").put("country", "DK");
            c.putObject("vendor_ids").put("fatora", i);
            changes.add(Json.write(c));
        }
        return changes;
    }

    record Result(Map<Long, ObjectNode> records, int requests) {
    }

    private static Result sync(List<String> changes, FaultPlan plan, Set<Long> ids) {
        return sync(changes, plan, ids, 0);
    }

    private static Result sync(List<String> changes, FaultPlan plan, Set<Long> ids, int refusals) {
        try (SandboxFeed feed = new SandboxFeed(changes);
             FatoraSimulator fatora = new FatoraSimulator("soak-key-123", ids)) {
            LoopbackServer.clearRequestTimes();
            LoopbackServer.faults(plan);
            Map<String, String> s = new HashMap<>();
            s.put("source.url", feed.url());
            s.put("sync.page-size", "250");
            s.put("vendors.enabled", "fatora");
            s.put("vendor.fatora.base-url", fatora.baseUrl());
            s.put("vendor.fatora.api-key", "soak-key-123");
            s.put("vendor.fatora.rate-limit", Integer.toString(THROTTLE));
            s.put("vendor.fatora.rate-period-ms", "1000");
            s.put("vendor.fatora.max-redeliveries", "10");
            s.put("delivery.concurrency", "8");
            s.put("http.response-timeout-ms", "400");
            s.put("delivery.max-retry-after-ms", "1000");
            try (SyncTestApp app = SyncTestApp.start(s)) {
                RunStats stats = app.runOnce();
                assertThat(stats.count("fatora", "delivered")).as(stats.summary())
                        .isEqualTo(changes.size() - refusals);
                assertThat(stats.deadLettered()).isEqualTo(refusals);
                assertThat(app.deadLetters()).hasSize(refusals).allSatisfy(d -> {
                    assertThat(d.reason()).isEqualTo("refused");
                    assertThat(d.httpStatus()).isEqualTo(404);
                    assertThat(d.attempts()).isPositive(); // a fault before the 404 adds a try, the 404 none
                    assertThat(Long.parseLong(d.clientId().substring(5)) % 50).isZero();
                });
            }
            LoopbackServer.faults(null);
            assertThat(LoopbackServer.maxRequestsPerWindow("fatora", 1000)).as("most requests in any second")
                    .isLessThanOrEqualTo(RATE_LIMIT);
            return new Result(fatora.clients(), LoopbackServer.requestTimes("fatora").size());
        }
    }

    @Test
    void everyChangeIsDeliveredThroughTransientFaultsAndTheRecordsMatchAFaultFreeRun() {
        List<String> changes = feed(CHANGES);
        Set<Long> ids = LongStream.rangeClosed(1, CHANGES).boxed().collect(Collectors.toSet());
        Result clean = sync(changes, null, ids);
        Result faulted = sync(changes, new FaultPlan(0.2, Set.of("fatora"), 600, 42), ids);
        assertThat(clean.records()).hasSize(CHANGES);
        assertThat(faulted.records()).isEqualTo(clean.records());
        // about a fifth of the calls failed and were made again
        assertThat(faulted.requests()).isGreaterThan(clean.requests() + CHANGES / 10);
    }

    @Test
    void permanentRefusalsDeadLetterExactlyTheRefusedClientsWhileFaultsGoOn() {
        List<String> changes = feed(CHANGES);
        // Fatora knows every client but each 50th: those answer 404, a permanent refusal
        Set<Long> ids = LongStream.rangeClosed(1, CHANGES).filter(i -> i % 50 != 0).boxed()
                .collect(Collectors.toSet());
        Result faulted = sync(changes, new FaultPlan(0.2, Set.of("fatora"), 600, 7), ids, CHANGES / 50);
        assertThat(faulted.records().keySet()).isEqualTo(ids);
    }

    static final List<String> VENDORS = List.of("fatora", "paymo", "paymo-contacts", "timelog", "everlytic");
    static final int ALL_CHANGES = Integer.getInteger("soak.all-changes", 120);
    static final int ALL_RATE = 300;
    static final int ALL_THROTTLE = ALL_RATE * 9 / 10;

    /** What each vendor stores, comparable between runs (Paymo numbers new contacts in arrival order: ids left out). */
    private static Map<String, Object> records(io.clientsync.sandbox.Sandbox sandbox) {
        Map<String, Object> r = new java.util.TreeMap<>();
        r.put("fatora", sandbox.fatora().clients());
        r.put("paymo", sandbox.paymo().clients());
        r.put("timelog", sandbox.timelog().customers());
        r.put("everlytic", sandbox.everlytic().customers());
        r.put("paymo-contacts", sandbox.paymoContacts().contacts().values().stream()
                .map(c -> { ObjectNode copy = c.deepCopy(); copy.remove("id"); return Json.write(copy); })
                .sorted().toList());
        return r;
    }

    private static Map<String, Object> syncAll(FaultPlan plan) {
        try (io.clientsync.sandbox.Sandbox sandbox = io.clientsync.sandbox.Sandbox.start(false, ALL_CHANGES, false)) {
            LoopbackServer.clearRequestTimes();
            LoopbackServer.faults(plan);
            Map<String, String> s = new HashMap<>(sandbox.settings());
            s.remove("state.url");
            s.remove("state.user");
            s.remove("state.password");
            s.put("sync.page-size", "100");
            for (String vendor : VENDORS) {
                s.put("vendor." + vendor + ".rate-limit", Integer.toString(ALL_THROTTLE));
                s.put("vendor." + vendor + ".rate-period-ms", "1000");
                s.put("vendor." + vendor + ".max-redeliveries", "10");
            }
            s.put("vendor.paymo-contacts.max-rate-limit-waits", "50");
            s.put("http.response-timeout-ms", "400");
            s.put("delivery.max-retry-after-ms", "1000");
            try (SyncTestApp app = SyncTestApp.start(s)) {
                RunStats stats = app.runOnce();
                assertThat(app.deadLetters()).as(stats.summary()).isEmpty();
                for (String vendor : VENDORS) {
                    long ended = stats.count(vendor, "delivered") + stats.count(vendor, "no-id")
                            + stats.count(vendor, "deleted");
                    assertThat(ended).as(vendor + ": " + stats.summary()).isEqualTo(ALL_CHANGES);
                }
            }
            LoopbackServer.faults(null);
            for (String vendor : VENDORS) {
                // token, login and lookup calls are made outside the throttle: a couple at most per run
                assertThat(LoopbackServer.maxRequestsPerWindow(vendor, 1000))
                        .as(vendor + " requests in any second")
                        .isLessThanOrEqualTo(ALL_RATE);
            }
            return records(sandbox);
        }
    }

    @Test
    void allFiveVendorsThroughTransientFaultsEndWithTheRecordsOfAFaultFreeRun() {
        Map<String, Object> clean = syncAll(null);
        Map<String, Object> faulted = syncAll(new FaultPlan(0.2, Set.copyOf(VENDORS), 600, 11));
        assertThat(((Map<?, ?>) clean.get("fatora"))).isNotEmpty();
        assertThat(((List<?>) clean.get("paymo-contacts"))).isNotEmpty();
        for (String vendor : VENDORS) {
            assertThat(faulted.get(vendor)).as(vendor).isEqualTo(clean.get(vendor));
        }
    }
}
