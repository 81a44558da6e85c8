package io.clientsync.observe;

import io.clientsync.delivery.VendorHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Up while the vendor's last run had no exhausted retries and no refused credentials. */
public final class VendorHealthCheck extends AbstractHealthCheck {
    private final String vendor;
    private final VendorHealth health;

    public VendorHealthCheck(String vendor, VendorHealth health) {
        super("client-sync", "vendor-" + vendor);
        this.vendor = vendor;
        this.health = health;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        health.problem(vendor).ifPresentOrElse(p -> builder.message(p).down(), builder::up);
    }
}
