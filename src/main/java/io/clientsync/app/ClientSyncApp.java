package io.clientsync.app;

import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.SyncRunner;
import io.clientsync.delivery.VendorModules;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** One client-sync process: Camel Main with the project's configuration and the route files of a directory. */
public final class ClientSyncApp implements AutoCloseable {
    private final Main main;

    private ClientSyncApp(Main main) {
        this.main = main;
    }

    public static Main createMain(Properties settings, Path routesDir, boolean scheduled) {
        if (!Files.isDirectory(routesDir)) {
            throw new io.clientsync.config.ConfigException("--routes", "directory " + routesDir
                    + " does not exist (run from the project directory or pass --routes DIR)");
        }
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("camel.main.routes-include-pattern", routeFiles(props, routesDir));
        props.setProperty("sync.scheduled", Boolean.toString(scheduled));
        if (!scheduled) {
            props.setProperty("camel.management.enabled", "false"); // a one-off run serves no health endpoint
        }
        Main main = new Main(ClientSyncCommand.class, ClientSyncConfiguration.class);
        main.setOverrideProperties(props);
        return main;
    }

    /**
     * The route files to load: every {@code *.yaml} of the directory except {@code vendor-ID.yaml} of a known vendor
     * that is not in vendors.enabled (its beans and pool are not bound, so its routes could not start).
     */
    static String routeFiles(Properties settings, Path routesDir) {
        Path dir = routesDir.toAbsolutePath().normalize();
        List<String> enabled = SettingsLoader.settings(settings).list("vendors.enabled");
        List<String> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().forEach(n -> {
                String stem = n.substring(0, n.length() - ".yaml".length());
                String vendor = stem.startsWith("vendor-") ? stem.substring("vendor-".length()) : null;
                if (vendor == null || !VendorModules.find(vendor).isPresent() || enabled.contains(vendor)) {
                    files.add("file:" + dir + "/" + n);
                }
            });
        } catch (IOException e) {
            throw new io.clientsync.config.ConfigException("--routes", "cannot list " + dir + ": " + e.getMessage());
        }
        return files.isEmpty() ? "file:" + dir + "/*.yaml" : String.join(",", files);
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
