package io.clientsync.connector.timelog;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.config.SettingSpec;
import io.clientsync.config.VendorSettings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.clientsync.connector.timelog.TimeLogLookups.Kind.COUNTRY;
import static io.clientsync.connector.timelog.TimeLogLookups.Kind.CURRENCY;

/** TimeLog's beans for routes/vendor-timelog.camel.yaml: timelogAuth, timelogLookups, timelogMapper, timelogAnswer. */
public final class TimeLogModule implements VendorModule {
    private static final String P = "vendor.timelog.";
    /** The placeholder shipped in application.properties: each account has its own root, so it must be replaced. */
    static final String PLACEHOLDER = "https://app1.timelog.com/account/api/v1";

    @Override
    public String id() {
        return Vendors.TIMELOG;
    }

    @Override
    public List<SettingSpec> settings() {
        return Stream.concat(Stream.of(
                SettingSpec.url(P + "base-url", PLACEHOLDER,
                        "your account's API root, https://appN.timelog.com/ACCOUNT/api/v1; the placeholder is refused"),
                SettingSpec.secret(P + "token", "personal access token, a bearer token; a 401 marks TimeLog down"),
                SettingSpec.text(P + "country-lookup", "country/get-all?$page=1&$pagesize=500",
                        "lookup list of CountryID (a path under base-url), read only for codes country-ids does not name"),
                SettingSpec.text(P + "currency-lookup", "currency/active?$page=1&$pagesize=500",
                        "lookup list of CurrencyID (a path under base-url), read only for codes currency-ids does not name"),
                SettingSpec.millis(P + "lookup-ttl-ms", 3_600_000, "a lookup list is read at most once per this (never twice in a run)"),
                SettingSpec.nameNumbers(P + "country-ids", "", "ISO code=TimeLog id, e.g. DK=1;SE=2; wins over the lookup"),
                SettingSpec.nameNumbers(P + "currency-ids", "", "ISO code=TimeLog id, e.g. DKK=1;EUR=2; wins over the lookup"),
                SettingSpec.nameNumbers(P + "status-ids", "active=1;inactive=2;suspended=3",
                        "the change's status as your account's CustomerStatusID; a value not listed is refused"),
                SettingSpec.nameNumbers(P + "industry-ids", "",
                        "the change's industry as IndustryID, name=number;... (names may hold commas and spaces)")),
                VendorSettings.throttle(id(), 10, 1000).stream()).toList();
    }

    @Override
    public void validate(Settings s) {
        if (s.url(P + "base-url").toString().replaceAll("/+$", "").equals(PLACEHOLDER)) {
            throw new ConfigException(P + "base-url", "is still the placeholder " + PLACEHOLDER + "; set your "
                    + "account's API root, https://app<N>.timelog.com/<account>/api/v1");
        }
        VendorModule.super.validate(s);
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
