package io.clientsync.delivery;

import io.clientsync.config.Settings;
import io.clientsync.state.XrefStore;
import org.apache.camel.CamelContext;

/** What a {@link VendorModule} gets to build its beans with. */
public record VendorContext(CamelContext camel, Settings settings, XrefStore xref, RunTracker tracker) {
    public void bind(String name, Object bean) {
        camel.getRegistry().bind(name, bean);
    }
}
