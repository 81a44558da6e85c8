package io.clientsync.delivery;

import io.clientsync.change.FeedPage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One page of read-ahead (sync.prefetch): while page N is delivered, page N+1 is fetched, parsed and validated
 * through the same fetch-page route on a thread of its own, so the next page is ready when page N settles. Only
 * the fetch runs ahead: pages are still delivered and settled one after the other, in order. A page fetched ahead
 * that failed, or that was asked for another cursor, is dropped and fetched again in the loop, with the feed's
 * retries; at most two pages are held at a time.
 */
public final class PagePrefetch {
    private static final Logger LOG = LoggerFactory.getLogger(PagePrefetch.class);
    /** Exchange property: the fetch of the next page, under way ({@code Future<Exchange>}). */
    static final String AHEAD = "clientSyncPageAhead";
    /** Exchange property: true when this iteration's page came from the read-ahead. */
    public static final String TAKEN = "clientSyncPageTaken";

    private final CamelContext camel;
    private final boolean enabled;
    private ExecutorService executor;
    private ProducerTemplate template;

    public PagePrefetch(CamelContext camel, boolean enabled) {
        this.camel = camel;
        this.enabled = enabled;
    }

    /** After read-page: when more pages follow, start fetching the next one now. */
    public void start(Exchange exchange) {
        FeedPage page = exchange.getIn().getBody(FeedPage.class);
        if (!enabled || page == null || !page.hasMore() || page.nextCursor() == null) {
            return;
        }
        Exchange next = new DefaultExchange(camel);
        next.setProperty(DeliveryKeys.CURSOR, page.nextCursor());
        next.setProperty(DeliveryKeys.ATTEMPTS, 0);
        exchange.setProperty(AHEAD, pool().submit(() -> producer().send("direct:fetch-page", next)));
    }

    /** First step of an iteration: the page fetched ahead for the current cursor, if there is one. */
    public void take(Exchange exchange) {
        exchange.setProperty(TAKEN, false);
        Future<?> ahead = exchange.getProperty(AHEAD, Future.class);
        exchange.removeProperty(AHEAD);
        if (ahead == null) {
            return;
        }
        Exchange done;
        try {
            done = (Exchange) ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            LOG.debug("read-ahead of the next page failed; fetching it again: {}", e.getCause().toString());
            return;
        }
        if (done.getException() != null) {
            LOG.debug("read-ahead of the next page failed; fetching it again: {}", done.getException().toString());
            return;
        }
        if (!Objects.equals(done.getProperty(DeliveryKeys.CURSOR), exchange.getProperty(DeliveryKeys.CURSOR))) {
            return; // fetched for another cursor (cannot happen while pages settle in order): fetch again
        }
        exchange.getIn().setBody(done.getMessage().getBody());
        exchange.setProperty(TAKEN, true);
    }

    private synchronized ExecutorService pool() {
        if (executor == null) { // Camel's manager shuts it down with the context
            executor = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "page-prefetch");
        }
        return executor;
    }

    private synchronized ProducerTemplate producer() {
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        return template;
    }
}
