package io.clientsync.connector.fatora;

import io.clientsync.config.Settings;
import io.clientsync.config.SettingSpec;
import io.clientsync.config.VendorSettings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/** Fatora's beans for routes/vendor-fatora.camel.yaml: fatoraMapper, fatoraAuth, fatoraAnswer. */
public final class FatoraModule implements VendorModule {
    private static final String P = "vendor.fatora.";

    @Override
    public String id() {
        return Vendors.FATORA;
    }

    @Override
    public List<SettingSpec> settings() {
        return Stream.concat(Stream.of(
                SettingSpec.url(P + "base-url", "https://api.fatora.io/v1", "Fatora API root"),
                SettingSpec.secret(P + "api-key", "Fatora API key, exchanged for a bearer token at Authorization/Authorize"),
                SettingSpec.millis(P + "token-margin-ms", 60_000, "a token is renewed this long before its JWT exp")),
                VendorSettings.throttle(id(), 20, 1000).stream()).toList();
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
