package io.clientsync.connector.everlytic;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorModule;

/**
 * Everlytic's beans for routes/vendor-everlytic.yaml: everlyticAuth, everlyticMapper, everlyticAnswer (REST) and
 * everlyticXmlRpc (vendor.everlytic.transport=xmlrpc).
 */
public final class EverlyticModule implements VendorModule {
    private static final String P = "vendor.everlytic.";

    @Override
    public String id() {
        return Vendors.EVERLYTIC;
    }

    @Override
    public void validate(Settings s) {
        s.required(P + "username"); // not registered as a secret: it could be an ordinary word; the api-key is
        s.secret(P + "api-key");
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
