package io.clientsync.app;

import io.clientsync.alerts.AlertSettings;
import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.delivery.VendorModules;
import io.clientsync.source.FileSourceSettings;
import io.clientsync.source.SourceKinds;
import io.clientsync.source.SqlSettings;
import io.clientsync.state.StateStore;
import org.quartz.CronExpression;

import java.util.List;

/** Checks every setting before anything starts, so a mistake stops start-up with a message naming the setting. */
public final class SettingsCheck {
    private SettingsCheck() {
    }

    public static void validate(Settings s, List<String> vendors) {
        String cron = s.required("sync.cron");
        if (!CronExpression.isValidExpression(cron)) {
            throw new ConfigException("sync.cron", "'" + cron + "' is not a Quartz cron expression "
                    + "(6 or 7 fields, seconds first, '?' in day-of-month or day-of-week)");
        }
        s.integer("sync.page-size", 1, 10_000);
        List<String> sources = SourceKinds.enabled(s);
        if (sources.contains(SourceKinds.FEED)) {
            s.url("source.url");
        }
        if (sources.contains(SourceKinds.SQL)) {
            SqlSettings.of(s); // source.sql.*: only checked when the SQL source is used
        }
        if (sources.contains(SourceKinds.FILE)) {
            FileSourceSettings.of(s);
        }
        s.optionalSecret("source.token").ifPresent(t -> {
            if (t.indexOf('\r') >= 0 || t.indexOf('\n') >= 0) {
                throw new ConfigException("source.token", "must not contain CR or LF");
            }
        });
        String stateUrl = s.required("state.url");
        try {
            StateStore.dialectOf(stateUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("state.url", e.getMessage());
        }
        s.bool("sync.dry-run");
        s.bool("sync.skip-same-content");
        AlertSettings.of(s);
        for (String vendor : vendors) {
            VendorModules.find(vendor).orElseThrow().validate(s); // every setting the vendor declares
        }
    }
}
