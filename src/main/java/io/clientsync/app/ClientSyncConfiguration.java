package io.clientsync.app;

import io.clientsync.alerts.AlertSettings;
import io.clientsync.alerts.Alerts;
import io.clientsync.change.ChangeValidator;
import io.clientsync.change.PageReader;
import io.clientsync.config.ConfigException;
import io.clientsync.console.ConsoleApi;
import io.clientsync.console.ConsoleRoutes;
import io.clientsync.console.ConsoleSettings;
import io.clientsync.config.Settings;
import io.clientsync.config.VendorSettings;
import io.clientsync.delivery.DeadLetterRecorder;
import io.clientsync.delivery.DeliveryGate;
import io.clientsync.delivery.DryRun;
import io.clientsync.delivery.InputDigest;
import io.clientsync.delivery.PagePrefetch;
import io.clientsync.delivery.BatchSteps;
import io.clientsync.delivery.RedeliveryPlan;
import io.clientsync.delivery.Replayer;
import io.clientsync.delivery.RetryPolicy;
import io.clientsync.delivery.RunTracker;
import io.clientsync.delivery.SourceRequest;
import io.clientsync.pipeline.SyncRunner;
import io.clientsync.delivery.VendorCircuit;
import io.clientsync.delivery.VendorCircuits;
import io.clientsync.delivery.VendorContext;
import io.clientsync.delivery.VendorHealth;
import io.clientsync.delivery.VendorModule;
import io.clientsync.delivery.VendorModules;
import io.clientsync.observe.PipelineMetrics;
import io.clientsync.observe.StateStoreHealthCheck;
import io.clientsync.pipeline.PipelineStatuses;
import io.clientsync.pipeline.InboxContentHash;
import io.clientsync.pipeline.RecentChanges;
import io.clientsync.observe.VendorHealthCheck;
import io.clientsync.source.FileLines;
import io.clientsync.source.FileSourceRun;
import io.clientsync.source.FileSourceSettings;
import io.clientsync.source.SourceKinds;
import io.clientsync.source.SqlSettings;
import io.clientsync.source.SqlSource;
import io.clientsync.state.SourceSnapshot;
import io.clientsync.state.CursorStore;
import io.clientsync.state.DeadLetterStore;
import io.clientsync.state.Inbox;
import io.clientsync.state.SecretSeal;
import io.clientsync.state.Ledger;
import io.clientsync.state.RunStore;
import io.clientsync.state.StateStore;
import io.clientsync.state.SyncLock;
import io.clientsync.state.VendorPositions;
import io.clientsync.pipeline.Leases;
import io.clientsync.pipeline.SourceSteps;
import io.clientsync.pipeline.SyncRunner;
import io.clientsync.pipeline.VendorPipeline;
import io.clientsync.pipeline.VendorPipelines;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientSyncConfiguration.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings s = new Settings(key -> Optional.ofNullable(
                camel.getPropertiesComponent().resolveProperty(key).orElse(null)));
        List<String> vendors = enabledVendors(s);
        SettingsCheck.validate(s, vendors);
        // Every route of routes/vendor-ID.camel.yaml has precondition {{vendor.ID.enabled}}: a vendor that is not
        // enabled has no beans bound, so its routes are left out.
        for (VendorModule module : VendorModules.ALL) {
            camel.getPropertiesComponent().addOverrideProperty("vendor." + module.id() + ".enabled",
                    Boolean.toString(vendors.contains(module.id())));
        }

        // Likewise routes/source-KIND.camel.yaml: only the kinds source.kinds names have routes.
        List<String> sources = SourceKinds.enabled(s);
        for (String kind : SourceKinds.all()) {
            camel.getPropertiesComponent().addOverrideProperty("source." + kind + ".enabled",
                    Boolean.toString(sources.contains(kind)));
        }
        camel.getPropertiesComponent().addOverrideProperty("source.pull-kinds",
                String.join(",", sources.stream().filter(SourceKinds::isPull).toList()));

        // routes/alerts.camel.yaml has precondition {{alerts.enabled}}: no webhook, no route. A dry run sends nothing.
        AlertSettings alertSettings = AlertSettings.of(s);
        boolean alertsOn = alertSettings.webhook().isPresent() && !s.bool("sync.dry-run");
        camel.getPropertiesComponent().addOverrideProperty("alerts.enabled", Boolean.toString(alertsOn));
        Alerts alerts = alertsOn ? Alerts.on(camel, alertSettings.deadLetterThreshold(),
                alertSettings.maxRedeliveries()) : Alerts.off();
        bind(camel, "alerts", alerts);

        camel.getTypeConverterRegistry().addTypeConverter(org.apache.camel.component.http.HttpMethods.class,
                String.class, new HttpMethodConverter());

        SecretSeal seal = SecretSeal.of(s.optionalSecret(SecretSeal.SETTING).orElse(null), s.required("state.url"));
        StateStore store = new StateStore(s.required("state.url"), s.optional("state.user").orElse(null),
                s.optionalSecret("state.password").orElse(null), s.integer("state.pool-size", 1, 200));
        XrefStore xref = new XrefStore(store);
        Duration lockTtl = Duration.ofMillis(s.longValue("sync.lock-ttl-ms", 1000, 86_400_000L));
        SyncLock lock = new SyncLock(store, lockTtl);
        Leases leases = new Leases(lock, lockTtl);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                leases.close();
                xref.close(); // its queued writes first
                store.close();
            }
        });
        Ledger ledger = new Ledger(store);
        Inbox inbox = new Inbox(store, seal);
        CursorStore cursors = new CursorStore(store, inbox);
        VendorPositions positions = new VendorPositions(store, ledger);
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
        PageReader pageReader = new PageReader(new ChangeValidator(),
                s.longValue("source.max-page-bytes", 1024, 1L << 31));
        bind(camel, "pageReader", pageReader);
        bind(camel, "sourceRequest", new SourceRequest(s.integer("sync.page-size", 1, 10_000),
                s.optionalSecret("source.token").orElse(null)));
        InputDigest inputs = s.bool("sync.skip-same-content")
                ? InputDigest.of(camel, s, vendors.stream().map(v -> VendorModules.find(v).orElseThrow()).toList())
                : InputDigest.off();
        Map<String, VendorCircuit> circuits = new HashMap<>();
        for (String vendor : vendors) {
            VendorCircuit circuit = new VendorCircuit(vendor,
                    (int) VendorSettings.overrideOf(vendor, "down-after-calls").longValue(s),
                    Duration.ofMillis(VendorSettings.overrideOf(vendor, "down-retry-ms").longValue(s)));
            // The store says whether the vendor's state changed (it may have been down since an earlier run): alert
            // only then.
            circuit.onTransitions((v, why) -> {
                health.failed(v, why);
                positions.down(v, why).ifPresent(since -> alerts.vendorDown(v, why, since));
                LOG.warn("{} is down: {}; its changes wait in the inbox", v, why);
            }, v -> {
                health.delivered(v);
                positions.up(v).ifPresent(since -> alerts.vendorUp(v, since));
                LOG.info("{} is up again", v);
            });
            circuits.put(vendor, circuit);
        }
        VendorCircuits vendorCircuits = new VendorCircuits(Map.copyOf(circuits));
        bind(camel, "vendorCircuits", vendorCircuits);
        BatchSteps batches = new BatchSteps(ledger, tracker, inputs);
        int batchSize = s.integer("delivery.batch-size", 1, 10_000);
        // The last pages the source wrote, parsed: vendors close behind it take them instead of the JSON. Eight
        // pages: with five vendors at different paces four left the slower ones parsing (10% of the CPU).
        RecentChanges recent = new RecentChanges(Math.max(2 * batchSize, 8 * s.integer("sync.page-size", 1, 10_000)));
        VendorPipelines pipelines = new VendorPipelines(vendors, new VendorPipeline.Parts(camel, inbox, positions,
                batches, xref, tracker, runs, leases, batchSize, vendors, vendorCircuits, recent, alerts));
        pipelines.all().forEach(p -> p.ownRuns(s.bool("sync.scheduled")));
        bind(camel, "inbox", inbox);
        bind(camel, "vendorPositions", positions);
        bind(camel, "vendorPipelines", pipelines);
        bind(camel, "sourceSteps", new SourceSteps(cursors, tracker, pipelines, batches, camel, dryRun, seal, recent,
                inbox, new InboxContentHash(inputs, vendors, seal)));
        bind(camel, "pagePrefetch", new PagePrefetch(camel, s.bool("sync.prefetch")));
        if (sources.contains(SourceKinds.SQL)) {
            SqlSource sql = new SqlSource(SqlSettings.of(s), cursors, inbox, new SourceSnapshot(store), seal,
                    pageReader, tracker);
            bind(camel, "sqlSource", sql);
            camel.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    sql.close(); // its own pool
                }
            });
        }
        if (sources.contains(SourceKinds.FILE)) {
            bindFileSource(camel, s, dryRun);
        }
        DeliveryGate gate = new DeliveryGate(ledger, tracker, health, inputs, vendorCircuits);
        bind(camel, "deliveryGate", gate);
        bind(camel, "deadLetterRecorder", new DeadLetterRecorder(deadLetters, tracker, gate, health, dryRun));
        bind(camel, "dryRun", new DryRun(System.out));
        Replayer replayer = new Replayer(camel, deadLetters, xref, runs, tracker, vendors);
        bind(camel, "replayer", replayer);
        bind(camel, "syncRunner", new SyncRunner(camel, runs, leases, tracker, pipelines, positions, inbox, dryRun,
                vendorCircuits, alerts));

        Map<String, RetryPolicy> policies = new HashMap<>();
        policies.put(RedeliveryPlan.SOURCE, policy(s, "source."));
        VendorContext vendorContext = new VendorContext(camel, s, xref, tracker);
        for (String vendor : vendors) {
            VendorModule module = VendorModules.find(vendor).orElseThrow();
            module.bind(vendorContext);
            policies.put(vendor, new RetryPolicy(
                    (int) VendorSettings.overrideOf(vendor, "max-redeliveries").longValue(s),
                    Duration.ofMillis(VendorSettings.overrideOf(vendor, "redelivery-delay-ms").longValue(s)),
                    Duration.ofMillis(VendorSettings.overrideOf(vendor, "max-redelivery-delay-ms").longValue(s)),
                    Duration.ofMillis(VendorSettings.overrideOf(vendor, "max-retry-after-ms").longValue(s))));
            int concurrency = (int) VendorSettings.overrideOf(vendor, "concurrency").longValue(s);
            bind(camel, vendor + "Pool", camel.getExecutorServiceManager()
                    .newFixedThreadPool(this, vendor + "-delivery", concurrency));
        }
        bind(camel, "redeliveryPlan", new RedeliveryPlan(policies, gate));

        PipelineStatuses statuses = new PipelineStatuses(inbox, positions, cursors, runs);
        bind(camel, "pipelineStatuses", statuses);
        if (s.optional("camel.management.enabled").map(Boolean::parseBoolean).orElse(false)) {
            ConsoleRoutes.install(camel, ConsoleSettings.of(s), new ConsoleApi(new ConsoleApi.Parts(vendors, statuses,
                    runs, deadLetters, ledger, xref, inbox, positions, lock, replayer)));
        }
        PipelineMetrics metrics = new PipelineMetrics(statuses, vendors);
        camel.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
                if (registry != null) {
                    metrics.register(registry);
                }
            }
        });

        HealthCheckRegistry checks = HealthCheckRegistry.get(camel);
        if (checks != null) {
            checks.register(new StateStoreHealthCheck(store));
            for (String vendor : vendors) {
                checks.register(new VendorHealthCheck(vendor, health));
            }
        }
    }

    /** The file source's beans; its consumer polls from start-up in scheduled mode, and per run with --once. */
    private static void bindFileSource(CamelContext camel, Settings s, boolean dryRun) throws Exception {
        FileSourceSettings files = FileSourceSettings.of(s);
        // the route's file: URI and FileLines (which writes the .reason files) see the same absolute directory
        camel.getPropertiesComponent().addOverrideProperty(FileSourceSettings.DIR, files.dir().toString());
        bind(camel, "fileLines", new FileLines(camel.getRegistry().lookupByNameAndType("pageReader",
                PageReader.class), files.dir(), s.integer("sync.page-size", 1, 10_000), dryRun));
        FileSourceRun run = new FileSourceRun(camel, s.bool("sync.scheduled"));
        bind(camel, "fileSourceRun", run);
        camel.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                run.startPolling();
            }
        });
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
    /** The source's retry policy: source.* settings, each falling back to its delivery.* one. */
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
