package io.clientsync.connector.paymo;

import io.clientsync.config.Settings;
import io.clientsync.config.SettingSpec;
import io.clientsync.config.VendorSettings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.util.List;
import java.util.stream.Stream;

/** Paymo legacy's beans for routes/vendor-paymo.camel.yaml: paymoMapper, paymoAuth, paymoAnswer. */
public final class PaymoModule implements VendorModule {
    private static final String P = "vendor.paymo.";

    @Override
    public String id() {
        return Vendors.PAYMO;
    }

    @Override
    public List<SettingSpec> settings() {
        return Stream.concat(Stream.of(
                SettingSpec.url(P + "base-url", "https://api.paymo.biz/service",
                        "every call is a form-encoded POST {base-url}/METHOD, e.g. .../paymo.clients.update"),
                SettingSpec.secret(P + "api-key", "Paymo API key, with the user name and password for paymo.auth.login"),
                SettingSpec.text(P + "username", null, "Paymo user name for paymo.auth.login"),
                SettingSpec.secret(P + "password", "Paymo password for paymo.auth.login")),
                VendorSettings.throttle(id(), 10, 1000).stream()).toList();
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
