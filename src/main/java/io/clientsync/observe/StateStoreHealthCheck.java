package io.clientsync.observe;

import io.clientsync.state.StateStore;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Up while the state store answers. */
public final class StateStoreHealthCheck extends AbstractHealthCheck {
    private final StateStore store;

    public StateStoreHealthCheck(StateStore store) {
        super("client-sync", "state-store");
        this.store = store;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (store.isReachable()) {
            builder.up();
        } else {
            builder.message("state store unreachable").down();
        }
    }
}
