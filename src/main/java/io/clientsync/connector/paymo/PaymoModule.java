package io.clientsync.connector.paymo;

import io.clientsync.config.Settings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

/** Paymo legacy's beans for routes/vendor-paymo.yaml: paymoMapper, paymoAuth, paymoAnswer. */
public final class PaymoModule implements VendorModule {
    private static final String P = "vendor.paymo.";

    @Override
    public String id() {
        return Vendors.PAYMO;
    }

    @Override
    public void validate(Settings s) {
        s.url(P + "base-url");
        s.secret(P + "api-key");
        s.required(P + "username");
        s.secret(P + "password");
    }

    @Override
    public void bind(VendorContext ctx) {
        Settings s = ctx.settings();
        PaymoTokenCache tokens = new PaymoTokenCache(s.url(P + "base-url").toString(), s.secret(P + "api-key"),
                s.required(P + "username"), s.secret(P + "password"), s.millis("http.connect-timeout-ms"));
        ctx.bind("paymoAuth", tokens);
        ctx.bind("paymoMapper", new PaymoLegacyMapper());
        ctx.bind("paymoAnswer", new PaymoLegacyAnswer(tokens));
    }
}
