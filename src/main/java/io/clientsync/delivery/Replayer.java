package io.clientsync.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.change.ClientChange;
import io.clientsync.config.Vendors;
import io.clientsync.state.DeadLetter;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.state.RunStore;
import io.clientsync.state.XrefStore;
import io.clientsync.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-sends the latest dead-lettered state of each (vendor, client) through that vendor's delivery route. The usual
 * ledger rules apply, so a replay never overwrites a newer version that was delivered since: such rows are
 * discarded instead.
 */
public final class Replayer {
    /** Set by the dead-letter route, so the replay knows the change failed again. */
    public static final String DEAD_LETTERED = "clientSyncDeadLettered";

    private final CamelContext camel;
    private final DeadLetterStore deadLetters;
    private final XrefStore xref;
    private final RunStore runs;
    private final RunTracker tracker;
    private final List<String> vendors;

    public Replayer(CamelContext camel, DeadLetterStore deadLetters, XrefStore xref, RunStore runs,
                    RunTracker tracker, List<String> vendors) {
        this.camel = camel;
        this.deadLetters = deadLetters;
        this.xref = xref;
        this.runs = runs;
        this.tracker = tracker;
        this.vendors = vendors;
    }

    public record Result(int replayed, int discarded, int failedAgain, int leftOpen) {
    }

    public Result replay(List<DeadLetter> selected, PrintStream out) {
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        selected.stream().filter(d -> DeadLetter.OPEN.equals(d.state()))
                .sorted(Comparator.comparingLong(DeadLetter::version))
                .forEach(d -> latest.put(d.vendor() + '\u0000' + d.clientId(), d));
        RunStats stats = tracker.begin(runs.start("replay"), "replay");
        int replayed = 0;
        int discarded = 0;
        int failed = 0;
        int left = 0;
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            for (DeadLetter d : latest.values()) {
                if (Vendors.SOURCE.equals(d.vendor())) {
                    out.println(d.id() + " left open: an invalid change is fixed at the source; the client's next "
                            + "change comes through the feed");
                    left++;
                    continue;
                }
                if (!vendors.contains(d.vendor())) {
                    out.println(d.id() + " left open: vendor " + d.vendor() + " is not in vendors.enabled");
                    left++;
                    continue;
                }
                ClientChange change = Json.MAPPER.readValue(d.changeJson(), ClientChange.class)
                        .withRaw((ObjectNode) Json.MAPPER.readTree(d.changeJson()));
                Exchange result = producer.send("direct:deliver-" + d.vendor(), ex -> {
                    ex.setProperty(DeliveryKeys.REPLAY, true);
                    ex.getIn().setBody(change);
                });
                if (result.getException() != null) {
                    throw result.getException();
                }
                xref.awaitWritten(d.vendor()); // a dead letter is closed only once the ids its delivery was given are kept
                String skip = result.getProperty(DeliveryKeys.SKIP, String.class);
                if (result.getProperty(DEAD_LETTERED, false, Boolean.class)) {
                    out.println(d.id() + " failed again: see dead-letters");
                    failed++;
                } else if (Outcome.STALE.label().equals(skip)) {
                    int n = deadLetters.close(d.vendor(), d.clientId(), d.version(), DeadLetter.DISCARDED);
                    out.println(d.id() + " discarded (" + n + " row(s)): a newer version of " + d.clientId()
                            + " was delivered to " + d.vendor() + " since");
                    discarded++;
                } else {
                    int n = deadLetters.close(d.vendor(), d.clientId(), d.version(), DeadLetter.REPLAYED);
                    out.println(d.id() + " replayed (" + n + " row(s)): " + (skip == null ? "delivered" : skip));
                    replayed++;
                }
            }
        } catch (Exception e) {
            runs.finish(stats.runId(), "failed", 0, latest.size(), 0, (int) stats.deadLettered(), stats.summary(),
                    io.clientsync.support.Errors.rootMessage(e));
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        runs.finish(stats.runId(), failed > 0 ? "dead-letters" : "ok", 0, latest.size(), 0,
                (int) stats.deadLettered(), stats.summary(), null);
        return new Result(replayed, discarded, failed, left);
    }
}
