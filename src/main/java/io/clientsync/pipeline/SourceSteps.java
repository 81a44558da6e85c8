package io.clientsync.pipeline;

import io.clientsync.change.ClientChange;
import io.clientsync.change.FeedPage;
import io.clientsync.delivery.BatchContext;
import io.clientsync.delivery.BatchSteps;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.RunTracker;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.SecretSeal;
import io.clientsync.delivery.ChangeScrubber;
import io.clientsync.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The Java steps of the source pipeline's routes: start from the saved cursor, and write each page's valid changes
 * into the inbox with the next cursor in one transaction, then wake the vendor pipelines. A dry run writes nothing:
 * it previews each page through every vendor's batch route instead.
 */
public final class SourceSteps {
    private final CursorStore cursors;
    private final RunTracker tracker;
    private final VendorPipelines vendors;
    private final BatchSteps batches;
    private final CamelContext camel;
    private final boolean dryRun;
    private final SecretSeal seal;
    private final RecentChanges recent;
    private ProducerTemplate producer;

    public SourceSteps(CursorStore cursors, RunTracker tracker, VendorPipelines vendors, BatchSteps batches,
                       CamelContext camel, boolean dryRun, SecretSeal seal, RecentChanges recent) {
        this.seal = seal;
        this.recent = recent;
        this.cursors = cursors;
        this.tracker = tracker;
        this.vendors = vendors;
        this.batches = batches;
        this.camel = camel;
        this.dryRun = dryRun;
    }

    /** First step of a run: the loop starts at the saved cursor (none on the very first run). */
    public void start(Exchange exchange) {
        cursors.current().ifPresentOrElse(c -> exchange.setProperty(DeliveryKeys.CURSOR, c),
                () -> exchange.removeProperty(DeliveryKeys.CURSOR));
        exchange.setProperty(DeliveryKeys.HAS_MORE, true);
        exchange.setProperty(DeliveryKeys.ATTEMPTS, 0);
    }

    /** The body is a {@link FeedPage} whose invalid changes are dead-lettered: its valid ones go into the inbox. */
    public void write(Exchange exchange) {
        FeedPage page = exchange.getIn().getBody(FeedPage.class);
        tracker.page(page);
        if (dryRun) {
            preview(page);
        } else {
            List<Inbox.Incoming> incoming = new ArrayList<>(page.changes().size());
            for (ClientChange change : page.changes()) {
                incoming.add(incoming(change));
            }
            Inbox.Written written = cursors.settle(incoming, page.nextCursor());
            for (int i = 0; i < written.kept().length; i++) {
                if (written.kept()[i]) {
                    recent.put(written.firstSeq() + i, page.changes().get(i));
                }
            }
            tracker.of(RunTracker.SOURCE).stale(written.stale());
            if (written.written() > 0) {
                vendors.wakeAll();
            }
        }
        if (page.nextCursor() != null) {
            exchange.setProperty(DeliveryKeys.CURSOR, page.nextCursor());
        }
        exchange.setProperty(DeliveryKeys.HAS_MORE, page.hasMore());
        exchange.setProperty(DeliveryKeys.ATTEMPTS, 0);
    }

    /** The change as received for the inbox: its secret fields only sealed (DESIGN.md section 6). */
    private Inbox.Incoming incoming(ClientChange change) {
        String json = Json.write(change.raw());
        if (!ChangeScrubber.mayHaveSecret(json) || !ChangeScrubber.hasSecret(change.raw())) {
            return new Inbox.Incoming(change.id(), change.version(), json);
        }
        return new Inbox.Incoming(change.id(), change.version(), ChangeScrubber.scrub(change.raw()), seal.seal(json));
    }

    /** --dry-run: the page through every vendor's batch route, one vendor after the other; nothing is saved. */
    private void preview(FeedPage page) {
        for (VendorPipeline vendor : vendors.all()) {
            BatchContext batch = batches.open(vendor.vendor(), page.changes(), null);
            Exchange done = producer().send("direct:" + vendor.vendor() + "-batch",
                    ex -> ex.setProperty(DeliveryKeys.BATCH, batch));
            if (done.getException() != null) {
                throw new IllegalStateException(done.getException());
            }
        }
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }
}
