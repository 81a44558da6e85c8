package io.clientsync.app;

import io.clientsync.delivery.RunStats;
import io.clientsync.pipeline.SyncRunner;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** One client-sync process: Camel Main with the project's configuration and the route files of a directory. */
public final class ClientSyncApp implements AutoCloseable {
    private final Main main;

    private ClientSyncApp(Main main) {
        this.main = main;
    }

    public static Main createMain(Properties settings, Path routesDir, boolean scheduled) {
        return createMain(settings, routesDir, scheduled, scheduled);
    }

    /**
     * The {@code console} command: the management port (health, metrics, the console) over the store, and no sync:
     * nothing runs a pipeline but a replay asked for on the page.
     */
    public static Main createConsoleMain(Properties settings, Path routesDir) {
        return createMain(settings, routesDir, false, true);
    }

    private static Main createMain(Properties settings, Path routesDir, boolean scheduled, boolean serve) {
        RouteFiles.check(routesDir);
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("camel.main.routes-include-pattern", RouteFiles.includePattern(routesDir));
        props.setProperty("sync.scheduled", Boolean.toString(scheduled));
        if (!serve) {
            // A one-off run serves no health or metrics endpoint: no server, and no per-exchange metering.
            props.setProperty("camel.management.enabled", "false");
            props.setProperty("camel.metrics.enabled", "false");
        }
        // No main class: a main class turns on package scanning, which costs over a second in the shaded jar.
        Main main = new Main();
        main.configure().addConfiguration(ClientSyncConfiguration.class);
        main.setOverrideProperties(props);
        return main;
    }

    /** Starts Camel without the Quartz route, for --once, --dry-run and replay. */
    public static ClientSyncApp startOneOff(Properties settings, Path routesDir) throws Exception {
        Main main = createMain(settings, routesDir, false);
        main.start();
        return new ClientSyncApp(main);
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public RunStats runOnce(String mode) {
        return camel().getRegistry().lookupByNameAndType("syncRunner", SyncRunner.class).run(mode);
    }

    @Override
    public void close() {
        main.stop();
    }
}
