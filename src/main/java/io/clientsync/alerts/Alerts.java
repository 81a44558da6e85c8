package io.clientsync.alerts;

import io.clientsync.alerts.Alert.Kind;
import io.clientsync.delivery.RunStats;
import io.clientsync.support.Errors;
import io.clientsync.support.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * What the pipelines call when an operator should hear of something (README "Alerts"). A call only makes the alert
 * and offers it to the in-memory queue of routes/alerts.camel.yaml, which POSTs it to alerts.webhook-url with
 * retries: no pipeline ever waits for the webhook, and a full queue drops the alert with a WARN rather than wait.
 * Whether a state changed is decided by the callers from the store (VendorPositions.down/up,
 * RunStore.sourceFailingBefore), so that there is one alert per change across runs, restarts and processes.
 */
public final class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    /** The route of routes/alerts.camel.yaml; its endpoint is the queue. */
    public static final String ROUTE = "alerts";
    /** Exchange property: the alert, for the line logged when it could not be sent. */
    public static final String ALERT = "clientSyncAlert";

    private final CamelContext camel; // null: alerts are off
    private final long deadLetterThreshold;
    private final int maxRedeliveries;
    private ProducerTemplate producer;

    private Alerts(CamelContext camel, long deadLetterThreshold, int maxRedeliveries) {
        this.camel = camel;
        this.deadLetterThreshold = deadLetterThreshold;
        this.maxRedeliveries = maxRedeliveries;
    }

    /** alerts.webhook-url unset, or a dry run: nothing is sent. */
    public static Alerts off() {
        return new Alerts(null, Long.MAX_VALUE, 0);
    }

    public static Alerts on(CamelContext camel, long deadLetterThreshold, int maxRedeliveries) {
        return new Alerts(camel, deadLetterThreshold, maxRedeliveries);
    }

    public boolean enabled() {
        return camel != null;
    }

    public void vendorDown(String vendor, String reason, Instant since) {
        send(new Alert(Kind.VENDOR_DOWN, vendor, reason, since, Instant.now(), null, null));
    }

    public void vendorUp(String vendor, Instant downSince) {
        send(new Alert(Kind.VENDOR_UP, vendor, null, downSince, Instant.now(), null, null));
    }

    public void sourceFailed(long runId, String reason) {
        send(new Alert(Kind.SOURCE_FAILED, Alert.SOURCE, reason, null, Instant.now(), runId, null));
    }

    public void sourceRecovered(long runId) {
        send(new Alert(Kind.SOURCE_RECOVERED, Alert.SOURCE, null, null, Instant.now(), runId, null));
    }

    /** A run ended: one alert when it dead-lettered more than alerts.dead-letter-threshold changes (a run is an event). */
    public void runEnded(RunStats run) {
        if (enabled() && run.deadLettered() > deadLetterThreshold) {
            send(new Alert(Kind.DEAD_LETTERS, null, null, null, Instant.now(), run.runId(),
                    run.deadLettersByVendor()));
        }
    }

    private void send(Alert alert) {
        if (!enabled()) {
            return;
        }
        String dropped;
        try {
            Route route = camel.getRoute(ROUTE);
            Exchange done = producer().send(route.getEndpoint(), ex -> {
                ex.setProperty(ALERT, alert);
                ex.getIn().setBody(alert.json());
            });
            if (done.getException() == null) {
                return;
            }
            dropped = Errors.rootMessage(done.getException()); // the queue is full: drop rather than wait
        } catch (RuntimeException e) {
            dropped = Errors.rootMessage(e); // stopping: the route takes no more
        }
        LOG.warn("alert {} dropped, not queued: {}", describe(alert), Secrets.redact(dropped));
    }

    /** The route's last step when the webhook did not take an alert in its tries: one WARN line, never the URL. */
    public void notSent(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("alert {} not sent to alerts.webhook-url after {} tries: {}",
                describe(exchange.getProperty(ALERT, Alert.class)), maxRedeliveries + 1, why(cause));
    }

    private static String describe(Alert alert) {
        return alert == null ? "?" : alert.kind().label() + (alert.vendor() == null ? "" : " (" + alert.vendor() + ")");
    }

    /** The failure without the webhook's URL, which holds a token (Slack's do): a status, or the error sans URLs. */
    static String why(Throwable cause) {
        if (cause instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode(); // its message names the URL
        }
        if (cause == null) {
            return "unknown error";
        }
        return cause.getClass().getSimpleName() + ": "
                + Secrets.redact(Errors.rootMessage(cause)).replaceAll("(?i)https?://\\S+", "<webhook>");
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }
}
