package io.clientsync.connector.timelog;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.time.Clock;
import java.util.Map;

import static io.clientsync.connector.timelog.TimeLogLookups.Kind.COUNTRY;
import static io.clientsync.connector.timelog.TimeLogLookups.Kind.CURRENCY;

/** TimeLog's beans for routes/vendor-timelog.yaml: timelogAuth, timelogLookups, timelogMapper, timelogAnswer. */
public final class TimeLogModule implements VendorModule {
    private static final String P = "vendor.timelog.";
    /** The placeholder shipped in application.properties: each account has its own root, so it must be replaced. */
    static final String PLACEHOLDER = "https://app1.timelog.com/account/api/v1";

    @Override
    public String id() {
        return Vendors.TIMELOG;
    }

    @Override
    public void validate(Settings s) {
        if (s.url(P + "base-url").toString().replaceAll("/+$", "").equals(PLACEHOLDER)) {
            throw new ConfigException(P + "base-url", "is still the placeholder " + PLACEHOLDER + "; set your "
                    + "account's API root, https://app<N>.timelog.com/<account>/api/v1");
        }
        s.secret(P + "token");
        s.required(P + "country-lookup");
        s.required(P + "currency-lookup");
        s.millis(P + "lookup-ttl-ms");
        s.nameNumbers(P + "country-ids");
        s.nameNumbers(P + "currency-ids");
        s.nameNumbers(P + "status-ids");
        s.nameNumbers(P + "industry-ids");
    }

    /**
     * {@inheritDoc}
     * <p>No: CountryID and CurrencyID can come from TimeLog's lookup lists, which are TimeLog's data, not the
     * change's.
     */
    @Override
    public boolean payloadFollowsFromChange() {
        return false;
    }

    @Override
    public void bind(VendorContext ctx) {
        Settings s = ctx.settings();
        TimeLogAuth auth = new TimeLogAuth(s.secret(P + "token"));
        TimeLogLookups lookups = new TimeLogLookups(s.url(P + "base-url").toString(),
                Map.of(COUNTRY, s.required(P + "country-lookup"), CURRENCY, s.required(P + "currency-lookup")),
                Map.of(COUNTRY, s.nameNumbers(P + "country-ids"), CURRENCY, s.nameNumbers(P + "currency-ids")),
                auth, s.millis(P + "lookup-ttl-ms"), s.millis("http.connect-timeout-ms"), Clock.systemUTC(),
                () -> currentRun(ctx));
        ctx.bind("timelogAuth", auth);
        ctx.bind("timelogLookups", lookups);
        ctx.bind("timelogMapper", new TimeLogMapper(lookups, s.nameNumbers(P + "status-ids"),
                s.nameNumbers(P + "industry-ids")));
        ctx.bind("timelogAnswer", new TimeLogAnswer());
    }

    private static Long currentRun(VendorContext ctx) {
        try {
            return ctx.tracker().of("timelog").runId();
        } catch (IllegalStateException noRun) {
            return null;
        }
    }
}
