package io.clientsync.connector.fatora;

import io.clientsync.config.Settings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.time.Clock;

/** Fatora's beans for routes/vendor-fatora.yaml: fatoraMapper, fatoraAuth, fatoraAnswer. */
public final class FatoraModule implements VendorModule {
    private static final String P = "vendor.fatora.";

    @Override
    public String id() {
        return Vendors.FATORA;
    }

    @Override
    public void validate(Settings s) {
        s.url(P + "base-url");
        s.secret(P + "api-key");
        s.millis(P + "token-margin-ms");
    }

    @Override
    public void bind(VendorContext ctx) {
        Settings s = ctx.settings();
        FatoraTokenCache tokens = new FatoraTokenCache(s.url(P + "base-url").toString(), s.secret(P + "api-key"),
                s.millis(P + "token-margin-ms"), s.millis("http.connect-timeout-ms"), Clock.systemUTC());
        ctx.bind("fatoraAuth", tokens);
        ctx.bind("fatoraMapper", new FatoraMapper());
        ctx.bind("fatoraAnswer", new FatoraAnswer(tokens));
    }
}
