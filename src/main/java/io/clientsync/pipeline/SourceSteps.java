package io.clientsync.pipeline;

import io.clientsync.change.ClientChange;
import io.clientsync.change.PageReader;
import io.clientsync.change.FeedPage;
import io.clientsync.delivery.BatchContext;
import io.clientsync.delivery.BatchSteps;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.RunTracker;
import io.clientsync.source.SourceKinds;
import io.clientsync.state.CursorStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.SecretSeal;
import io.clientsync.delivery.ChangeScrubber;
import io.clientsync.support.Json;
import io.clientsync.support.Lazy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

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
    private final InboxContentHash contentHash;
    private final Inbox inbox;
    private ProducerTemplate producer;

    public SourceSteps(CursorStore cursors, RunTracker tracker, VendorPipelines vendors, BatchSteps batches,
                       CamelContext camel, boolean dryRun, SecretSeal seal, RecentChanges recent,
                       Inbox inbox, InboxContentHash contentHash) {
        this.seal = seal;
        this.contentHash = contentHash;
        this.inbox = inbox;
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
            List<ClientChange> changes = page.changes();
            Map<String, Inbox.Held> held = inbox.held(changes.stream().map(ClientChange::id).toList());
            Inbox.Incoming[] made = new Inbox.Incoming[changes.size()];
            IntStream range = IntStream.range(0, made.length); // hashes, JSON and seals: on the pool for a big page
            (made.length >= PageReader.PARALLEL_FROM ? range.parallel() : range)
                    .forEach(i -> made[i] = incoming(changes.get(i), held.get(changes.get(i).id())));
            List<Inbox.Incoming> incoming = Arrays.asList(made);
            String source = exchange.getProperty(DeliveryKeys.SOURCE, SourceKinds.FEED, String.class);
            Inbox.Written written = cursors.settle(SourceKinds.cursorName(source), incoming, page.nextCursor(),
                    exchange.getProperty(DeliveryKeys.PAGE_WRITE, CursorStore.PageWrite.class));
            for (int i = 0; i < written.kept().length; i++) {
                if (written.kept()[i]) {
                    recent.put(written.firstSeq() + i, page.changes().get(i));
                }
            }
            tracker.of(RunTracker.SOURCE).stale(written.stale());
            tracker.of(RunTracker.SOURCE).unchanged(written.unchanged());
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

    /**
     * The change for the inbox. Its body (the JSON with its secret fields only sealed, DESIGN.md section 6) is made
     * here when the inbox will likely write it, else only if the inbox's transaction finds it must: a change the
     * inbox holds already (stale), or a newer version of the content it holds (its version raised in place), needs
     * none.
     */
    private Inbox.Incoming incoming(ClientChange change, Inbox.Held held) {
        if (held != null && held.version() >= change.version()) {
            return new Inbox.Incoming(change.id(), change.version(), null, Lazy.of(() -> body(change)));
        }
        String hash = contentHash.of(change);
        Supplier<Inbox.Body> body = Lazy.of(() -> body(change));
        if (held == null || hash == null || !hash.equals(held.contentHash())) {
            body.get();
        }
        return new Inbox.Incoming(change.id(), change.version(), hash, body);
    }

    private Inbox.Body body(ClientChange change) {
        String json = Json.write(change.raw());
        if (!ChangeScrubber.mayHaveSecret(json) || !ChangeScrubber.hasSecret(change.raw())) {
            return new Inbox.Body(json, null);
        }
        return new Inbox.Body(ChangeScrubber.scrub(change.raw()), seal.seal(json));
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
