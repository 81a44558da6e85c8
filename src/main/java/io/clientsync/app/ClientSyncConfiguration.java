package io.clientsync.app;

import io.clientsync.change.ChangeValidator;
import io.clientsync.change.PageReader;
import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.delivery.DeadLetterRecorder;
import io.clientsync.delivery.DeliveryGate;
import io.clientsync.delivery.DryRun;
import io.clientsync.delivery.FanOut;
import io.clientsync.delivery.InputDigest;
import io.clientsync.delivery.PagePrefetch;
import io.clientsync.delivery.PageSteps;
import io.clientsync.delivery.RedeliveryPlan;
import io.clientsync.delivery.Replayer;
import io.clientsync.delivery.RetryPolicy;
import io.clientsync.delivery.RunTracker;
import io.clientsync.delivery.SourceRequest;
import io.clientsync.delivery.SyncRunner;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorHealth;
import io.clientsync.delivery.VendorModule;
import io.clientsync.delivery.VendorModules;
import io.clientsync.observe.StateStoreHealthCheck;
import io.clientsync.observe.VendorHealthCheck;
import io.clientsync.state.CursorStore;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.state.Ledger;
import io.clientsync.state.RunStore;
import io.clientsync.state.StateStore;
import io.clientsync.state.SyncLock;
import io.clientsync.state.XrefStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds every bean the route files use, from the settings. Used by the command line and by {@code @CamelMainTest}
 * alike, so that tests run the same wiring as production.
 */
public final class ClientSyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings s = new Settings(key -> Optional.ofNullable(
                camel.getPropertiesComponent().resolveProperty(key).orElse(null)));
        List<String> vendors = enabledVendors(s);
        SettingsCheck.validate(s, vendors);
        // Every route of routes/vendor-ID.yaml has precondition {{vendor.ID.enabled}}: a vendor that is not
        // enabled has no beans bound, so its routes are left out.
        for (VendorModule module : VendorModules.ALL) {
            camel.getPropertiesComponent().addOverrideProperty("vendor." + module.id() + ".enabled",
                    Boolean.toString(vendors.contains(module.id())));
        }

        camel.getTypeConverterRegistry().addTypeConverter(org.apache.camel.component.http.HttpMethods.class,
                String.class, new HttpMethodConverter());

        StateStore store = new StateStore(s.required("state.url"), s.optional("state.user").orElse(null),
                s.optionalSecret("state.password").orElse(null), s.integer("state.pool-size", 1, 200));
        XrefStore xref = new XrefStore(store);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                xref.close(); // its queued writes first
                store.close();
            }
        });
        Ledger ledger = new Ledger(store);
        CursorStore cursors = new CursorStore(store, ledger);
        DeadLetterStore deadLetters = new DeadLetterStore(store);
        RunStore runs = new RunStore(store);
        VendorHealth health = new VendorHealth();
        RunTracker tracker = new RunTracker(vendors, () -> camel.getRegistry().findSingleByType(MeterRegistry.class));
        boolean dryRun = s.bool("sync.dry-run");

        bind(camel, "stateStore", store);
        bind(camel, "ledger", ledger);
        bind(camel, "deadLetterStore", deadLetters);
        bind(camel, "xrefStore", xref);
        bind(camel, "runTracker", tracker);
        bind(camel, "vendorHealth", health);
        bind(camel, "pageReader", new PageReader(new ChangeValidator(),
                s.longValue("source.max-page-bytes", 1024, 1L << 31)));
        bind(camel, "sourceRequest", new SourceRequest(s.integer("sync.page-size", 1, 10_000),
                s.optionalSecret("source.token").orElse(null)));
        InputDigest inputs = s.bool("sync.skip-same-content")
                ? InputDigest.of(camel, s, vendors.stream().map(v -> VendorModules.find(v).orElseThrow()).toList())
                : InputDigest.off();
        bind(camel, "pageSteps", new PageSteps(cursors, ledger, xref, tracker, vendors, dryRun, inputs));
        bind(camel, "pagePrefetch", new PagePrefetch(camel, s.bool("sync.prefetch")));
        bind(camel, "fanOut", new FanOut(vendors));
        bind(camel, "deliveryGate", new DeliveryGate(ledger, tracker, health, inputs));
        bind(camel, "deadLetterRecorder", new DeadLetterRecorder(deadLetters, tracker, health, dryRun));
        bind(camel, "dryRun", new DryRun(System.out));
        bind(camel, "replayer", new Replayer(camel, deadLetters, xref, runs, tracker, vendors));
        Duration lockTtl = Duration.ofMillis(s.longValue("sync.lock-ttl-ms", 1000, 86_400_000L));
        bind(camel, "syncRunner", new SyncRunner(camel, runs, new SyncLock(store, lockTtl), lockTtl, tracker));

        Map<String, RetryPolicy> policies = new HashMap<>();
        policies.put(RedeliveryPlan.SOURCE, policy(s, "source."));
        VendorContext vendorContext = new VendorContext(camel, s, xref, tracker);
        for (String vendor : vendors) {
            VendorModule module = VendorModules.find(vendor).orElseThrow();
            module.bind(vendorContext);
            policies.put(vendor, policy(s, "vendor." + vendor + "."));
            int concurrency = s.optional("vendor." + vendor + ".concurrency").isPresent()
                    ? s.integer("vendor." + vendor + ".concurrency", 1, 256)
                    : s.integer("delivery.concurrency", 1, 256);
            bind(camel, vendor + "Pool", camel.getExecutorServiceManager()
                    .newFixedThreadPool(this, vendor + "-delivery", concurrency));
        }
        bind(camel, "redeliveryPlan", new RedeliveryPlan(policies));

        HealthCheckRegistry checks = HealthCheckRegistry.get(camel);
        if (checks != null) {
            checks.register(new StateStoreHealthCheck(store));
            for (String vendor : vendors) {
                checks.register(new VendorHealthCheck(vendor, health));
            }
        }
    }

    static List<String> enabledVendors(Settings s) {
        List<String> vendors = s.list("vendors.enabled");
        for (String vendor : vendors) {
            if (VendorModules.find(vendor).isEmpty()) {
                throw new ConfigException("vendors.enabled", "unknown vendor '" + vendor + "'; known: "
                        + VendorModules.ALL.stream().map(VendorModule::id).toList());
            }
        }
        if (vendors.isEmpty()) {
            throw new ConfigException("vendors.enabled", "names no vendor");
        }
        return vendors;
    }

    /** vendor.ID.max-redeliveries etc., each falling back to the delivery.* default. */
    private static RetryPolicy policy(Settings s, String prefix) {
        return new RetryPolicy(
                (int) fallback(s, prefix + "max-redeliveries", "delivery.max-redeliveries", 0, 100),
                Duration.ofMillis(fallback(s, prefix + "redelivery-delay-ms", "delivery.redelivery-delay-ms", 0,
                        3_600_000)),
                Duration.ofMillis(fallback(s, prefix + "max-redelivery-delay-ms", "delivery.max-redelivery-delay-ms",
                        0, 3_600_000)),
                Duration.ofMillis(fallback(s, prefix + "max-retry-after-ms", "delivery.max-retry-after-ms", 0,
                        3_600_000)));
    }

    private static long fallback(Settings s, String key, String defaultKey, long min, long max) {
        return s.optional(key).isPresent() ? s.longValue(key, min, max) : s.longValue(defaultKey, min, max);
    }

    private static void bind(CamelContext camel, String name, Object bean) {
        camel.getRegistry().bind(name, bean);
    }
}
