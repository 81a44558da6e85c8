package io.clientsync.connector.everlytic;

import io.clientsync.config.ConfigException;
import io.clientsync.config.SettingSpec;
import io.clientsync.config.Settings;
import io.clientsync.config.VendorSettings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

import java.util.List;
import java.util.stream.Stream;

/**
 * Everlytic's beans for routes/vendor-everlytic.camel.yaml: everlyticAuth, everlyticMapper, everlyticAnswer (REST) and
 * everlyticXmlRpc (vendor.everlytic.transport=xmlrpc).
 */
public final class EverlyticModule implements VendorModule {
    private static final String P = "vendor.everlytic.";
    private static final java.util.Set<String> BY_TRANSPORT = java.util.Set.of(P + "base-url", P + "xmlrpc-url",
            P + "xmlrpc-method");

    @Override
    public String id() {
        return Vendors.EVERLYTIC;
    }

    @Override
    public List<SettingSpec> settings() {
        return Stream.concat(Stream.of(
                SettingSpec.url(P + "base-url", "https://everlytic.invalid/api/2.0",
                        "your install's API root, https://INSTALL/api/2.0 (REST; this default goes nowhere)"),
                // not a secret: a user name could be an ordinary word, scrubbed from every message; the api-key is
                SettingSpec.text(P + "username", null, "HTTP Basic user name"),
                SettingSpec.secret(P + "api-key", "HTTP Basic password: the API key"),
                SettingSpec.text(P + "transport", "rest",
                        "rest (PUT {base-url}/customers/{id}, JSON) or xmlrpc (POST a methodCall to xmlrpc-url)"),
                SettingSpec.url(P + "xmlrpc-url", "https://everlytic.invalid/api/xmlrpc",
                        "XML-RPC endpoint (transport=xmlrpc); assumed by VENDORS.md, check it against your install"),
                SettingSpec.text(P + "xmlrpc-method", "UpdateCustomer", "XML-RPC method name (transport=xmlrpc)")),
                VendorSettings.throttle(id(), 10, 1000).stream()).toList();
    }

    /** The declared settings, but each transport's URL and method only when that transport is chosen. */
    @Override
    public void validate(Settings s) {
        declared().stream().filter(spec -> !BY_TRANSPORT.contains(spec.key())).forEach(spec -> spec.check(s));
        String transport = s.required(P + "transport");
        if (transport.equals("xmlrpc")) {
            if (s.url(P + "xmlrpc-url").getRawQuery() != null) {
                throw new ConfigException(P + "xmlrpc-url", "must not carry a query string");
            }
            String method = s.required(P + "xmlrpc-method");
            if (!method.matches("[A-Za-z0-9_.:/]{1,100}")) {
                throw new ConfigException(P + "xmlrpc-method", "must be an XML-RPC method name (letters, digits, "
                        + "_ . : /), was '" + method + "'");
            }
        } else if (transport.equals("rest")) {
            s.url(P + "base-url");
        } else {
            throw new ConfigException(P + "transport", "must be rest or xmlrpc, was '" + transport + "'");
        }
        if (s.required(P + "username").indexOf(':') >= 0) {
            throw new ConfigException(P + "username", "must not contain ':' (HTTP Basic)");
        }
    }

    @Override
    public void bind(VendorContext ctx) {
        Settings s = ctx.settings();
        ctx.bind("everlyticAuth", new EverlyticAuth(s.required(P + "username"), s.secret(P + "api-key")));
        ctx.bind("everlyticMapper", new EverlyticMapper());
        ctx.bind("everlyticAnswer", new EverlyticAnswer());
        ctx.bind("everlyticXmlRpc", new EverlyticXmlRpc(s.optional(P + "xmlrpc-method").orElse("UpdateCustomer")));
    }
}
