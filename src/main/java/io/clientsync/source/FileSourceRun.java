package io.clientsync.source;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When the file source's consumer (route {@value #ROUTE}) polls. Scheduled mode: it is started with the process and
 * polls every {@code source.file.poll-ms} on its own. {@code --once}: it is started by the run
 * ({@code direct:source-file-run}), makes one whole poll (every *.jsonl file present then, in name order, each read
 * to its end and moved) and is stopped; the run then fails if a file could not be taken. Either way a file moves
 * only when its exchange completes, after its last page is in the inbox.
 *
 * <p>It is the consumer's {@code pollStrategy}: Camel calls {@link #commit} or {@link #rollback} when a poll has
 * processed every file it listed, which is how the run knows the directory has been read.
 */
public final class FileSourceRun implements PollingConsumerPollStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(FileSourceRun.class);
    public static final String ROUTE = "source-file";

    private final CamelContext camel;
    private final boolean scheduled;
    /** Set while a --once run waits for its poll; counted down when that poll ends. */
    private volatile CountDownLatch polled;
    private volatile Exception failure;

    public FileSourceRun(CamelContext camel, boolean scheduled) {
        this.camel = camel;
        this.scheduled = scheduled;
    }

    /** Scheduled mode: the consumer polls from start-up on (its route does not start by itself). */
    public void startPolling() throws Exception {
        if (scheduled) {
            camel.getRouteController().startRoute(ROUTE);
        }
    }

    /** {@code direct:source-file-run}: --once reads the directory once; a scheduled tick leaves it to the consumer. */
    public void run() throws Exception {
        if (scheduled) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        failure = null;
        polled = done;
        try {
            camel.getRouteController().startRoute(ROUTE);
            while (!done.await(1, TimeUnit.SECONDS)) {
                // a poll takes as long as its files; only a consumer stopped under it (shutdown) ends the wait
                if (!camel.getRouteController().getRouteStatus(ROUTE).isStarted()) {
                    throw new IllegalStateException("the file source was stopped before it had read "
                            + FileSourceSettings.DIR);
                }
            }
        } finally {
            polled = null;
            camel.getRouteController().stopRoute(ROUTE);
        }
        Exception failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** A file could not be taken (not unreadable: the store down, say): it stays for the next poll; --once fails. */
    public void failed(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (polled != null && failure == null) {
            failure = cause;
        }
        throw cause;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        // --once: one poll per run; a next poll that starts before the run stopped the route is skipped
        CountDownLatch waiting = polled;
        return scheduled || (waiting != null && waiting.getCount() > 0);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        ended();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        // the poll itself failed (the directory could not be listed): no file was taken
        LOG.warn("source.file.dir could not be read: {}", cause.getMessage());
        if (polled != null && failure == null) {
            failure = cause;
        }
        ended();
        return false;
    }

    private void ended() {
        CountDownLatch waiting = polled;
        if (waiting != null) {
            waiting.countDown();
        }
    }
}
