package io.clientsync.alerts;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each alerts.* setting is checked at start-up, the error names it, and never shows the webhook URL. */
class AlertSettingsTest {
    private static final String TOKEN = "T0SET/B0SET/settings-token-9c1d";

    private static AlertSettings with(String key, String value) {
        Map<String, String> values = new HashMap<>(Map.of("alerts.dead-letter-threshold", "0",
                "alerts.max-redeliveries", "3", "alerts.redelivery-delay-ms", "1000"));
        values.put(key, value);
        return AlertSettings.of(new Settings(k -> Optional.ofNullable(values.get(k))));
    }

    @Test
    void unsetMeansOffAndTheDefaultsAreTaken() {
        AlertSettings off = with("alerts.webhook-url", "");
        assertThat(off.webhook()).isEmpty();
        assertThat(off.deadLetterThreshold()).isZero();
        assertThat(off.maxRedeliveries()).isEqualTo(3);
        assertThat(with("alerts.webhook-url", "https://hooks.slack.com/services/" + TOKEN).webhook()).isPresent();
        assertThat(with("alerts.webhook-url", "http://127.0.0.1:9/hook").webhook()).isPresent();
    }

    @Test
    void aWrongWebhookUrlIsRefusedNamingTheKeyButNotTheUrl() {
        for (String url : new String[] {"http://hooks.example.com/services/" + TOKEN,
                "https://hooks.example.com/services/" + TOKEN + "?x=1", "ftp://hooks.example.com/" + TOKEN,
                "hooks.example.com/" + TOKEN}) {
            assertThatThrownBy(() -> with("alerts.webhook-url", url)).as(url)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("setting alerts.webhook-url: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        }
    }

    @Test
    void wrongNumbersAreRefusedNamingTheirKey() {
        assertThatThrownBy(() -> with("alerts.dead-letter-threshold", "-1"))
                .hasMessageStartingWith("setting alerts.dead-letter-threshold: ");
        assertThatThrownBy(() -> with("alerts.max-redeliveries", "many"))
                .hasMessageStartingWith("setting alerts.max-redeliveries: ");
        assertThatThrownBy(() -> with("alerts.redelivery-delay-ms", "3600001"))
                .hasMessageStartingWith("setting alerts.redelivery-delay-ms: ");
    }

    /** Through the application's start-up check, as the command line (exit 2) meets it. */
    @Test
    void startUpStopsOnAWrongAlertSetting() {
        assertThatThrownBy(() -> SyncTestApp.start(Map.of("alerts.webhook-url", "http://hooks.example.com/" + TOKEN)))
                .hasStackTraceContaining("setting alerts.webhook-url: plain http is only allowed to loopback hosts")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
        assertThatThrownBy(() -> SyncTestApp.start(Map.of("alerts.max-redeliveries", "101")))
                .hasStackTraceContaining("setting alerts.max-redeliveries: must be between 0 and 100");
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
