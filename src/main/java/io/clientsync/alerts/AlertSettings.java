package io.clientsync.alerts;

import io.clientsync.config.Settings;
import io.clientsync.support.Secrets;

import java.net.URI;
import java.util.Optional;

/**
 * The alerts.* settings, checked once at start-up (each error names its key, exit 2). The webhook URL is handled as
 * the credential it is (a Slack incoming webhook's path is its token): registered with {@link Secrets}, whole and
 * its path alone, so it is scrubbed from every message, and never printed by a settings error.
 *
 * @param webhook             alerts.webhook-url; empty: alerts are off
 * @param deadLetterThreshold a run that dead-letters more changes than this raises an alert
 * @param maxRedeliveries     tries of a POST after the first
 * @param redeliveryDelayMs   first delay between tries, doubling
 */
public record AlertSettings(Optional<URI> webhook, long deadLetterThreshold, int maxRedeliveries,
                            long redeliveryDelayMs) {
    public static final String WEBHOOK_URL = "alerts.webhook-url";

    public static AlertSettings of(Settings s) {
        Optional<URI> webhook = s.optionalSecret(WEBHOOK_URL).map(url -> s.url(WEBHOOK_URL));
        webhook.ifPresent(uri -> Secrets.register(uri.getRawPath()));
        return new AlertSettings(webhook,
                s.longValue("alerts.dead-letter-threshold", 0, Integer.MAX_VALUE),
                s.integer("alerts.max-redeliveries", 0, 100),
                s.longValue("alerts.redelivery-delay-ms", 0, 3_600_000));
    }
}
