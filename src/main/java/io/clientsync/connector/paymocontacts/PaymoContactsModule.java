package io.clientsync.connector.paymocontacts;

import io.clientsync.config.Settings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

/**
 * Paymo contacts' beans for routes/vendor-paymo-contacts.yaml: paymoContactsMapper, paymoContactsPlanner,
 * paymoContactsRequest, paymoContactsAnswer, paymoContactsRateLimits.
 */
public final class PaymoContactsModule implements VendorModule {
    private static final String P = "vendor.paymo-contacts.";

    @Override
    public String id() {
        return Vendors.PAYMO_CONTACTS;
    }

    @Override
    public void validate(Settings s) {
        s.url(P + "base-url");
        s.secret(P + "api-key");
        s.integer(P + "rate-limit", 1, 100_000);
        s.millis(P + "rate-period-ms");
        s.integer(P + "max-rate-limit-waits", 0, 1000);
        s.integer(P + "image-max-bytes", 1, 100 * 1024 * 1024);
        s.millis(P + "image-timeout-ms");
        s.integer(P + "password-length", 12, 128);
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
