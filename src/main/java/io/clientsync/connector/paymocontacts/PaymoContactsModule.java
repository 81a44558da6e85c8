package io.clientsync.connector.paymocontacts;

import io.clientsync.config.Settings;
import io.clientsync.config.SettingSpec;
import io.clientsync.config.VendorSettings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.util.List;
import java.util.stream.Stream;

/**
 * Paymo contacts' beans for routes/vendor-paymo-contacts.camel.yaml: paymoContactsMapper, paymoContactsPlanner,
 * paymoContactsRequest, paymoContactsAnswer, paymoContactsRateLimits.
 */
public final class PaymoContactsModule implements VendorModule {
    private static final String P = "vendor.paymo-contacts.";

    @Override
    public String id() {
        return Vendors.PAYMO_CONTACTS;
    }

    @Override
    public List<SettingSpec> settings() {
        return Stream.concat(Stream.of(
                SettingSpec.url(P + "base-url", "https://app.paymoapp.com/api",
                        "{base-url}/clientcontacts; HTTP Basic with the API key as user name and X as password"),
                SettingSpec.secret(P + "api-key", "Paymo v3 API key"),
                SettingSpec.integer(P + "max-rate-limit-waits", 0, 1000, 20,
                        "a 429 waits for its Retry-After without using a try, at most this many times per change"),
                SettingSpec.integer(P + "image-max-bytes", 1, 100 * 1024 * 1024, 5_242_880,
                        "largest profile image fetched (only JPEG, PNG and GIF, by content, are sent)"),
                SettingSpec.millis(P + "image-timeout-ms", 10_000, "time limit of a profile image fetch"),
                SettingSpec.integer(P + "password-length", 12, 128, 20,
                        "length of the random portal password made when a change gives none")),
                // Paymo: 5 requests per 5 s per key; every request counts (creates, updates, deletes, images, retries)
                VendorSettings.throttle(id(), 5, 5000).stream()).toList();
    }

    /**
     * {@inheritDoc}
     * <p>No: the operations depend on the contact ids stored in xref (create, or update the one made
     * before).
     */
    @Override
    public boolean payloadFollowsFromChange() {
        return false;
    }

    @Override
    public void bind(VendorContext ctx) {
        Settings s = ctx.settings();
        PaymoRateLimits limits = new PaymoRateLimits(s.optional(P + "max-retry-after-ms").isPresent()
                ? s.millis(P + "max-retry-after-ms") : s.millis("delivery.max-retry-after-ms"));
        PaymoContactsPlanner planner = new PaymoContactsPlanner(ctx.xref(), s.integer(P + "password-length", 12, 128));
        ctx.bind("paymoContactsMapper", new PaymoContactsMapper());
        ctx.bind("paymoContactsPlanner", planner);
        ctx.bind("paymoContactsRateLimits", limits);
        ctx.bind("paymoContactsRequest", new PaymoContactsRequest(s.secret(P + "api-key"),
                new PaymoImageFetcher(s.integer(P + "image-max-bytes", 1, 100 * 1024 * 1024),
                        s.millis(P + "image-timeout-ms")), limits));
        ctx.bind("paymoContactsAnswer", new PaymoContactsAnswer(planner, limits,
                s.integer(P + "max-rate-limit-waits", 0, 1000)));
    }
}
