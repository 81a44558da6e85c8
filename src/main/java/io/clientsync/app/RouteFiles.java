package io.clientsync.app;

import io.clientsync.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The route files of a routes directory: YAML DSL files named {@code *.camel.yaml}, the name Camel's editors (Kaoto,
 * Karavan) and Camel JBang pick up. A YAML file there under another name is refused at start, naming it: loading
 * only the well-named files would silently drop the routes of one a user forgot to rename.
 */
public final class RouteFiles {
    public static final String SUFFIX = ".camel.yaml";

    private RouteFiles() {
    }

    /** Camel's routes-include-pattern for the directory. */
    public static String includePattern(Path dir) {
        return "file:" + dir.toAbsolutePath().normalize() + "/*" + SUFFIX;
    }

    /** Refuses a directory that is missing or holds a YAML file not named {@code *.camel.yaml}. */
    public static void check(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("--routes", "directory " + dir
                    + " does not exist (run from the project directory or pass --routes DIR)");
        }
        List<String> misnamed;
        try (Stream<Path> files = Files.list(dir)) {
            misnamed = files.map(p -> p.getFileName().toString())
                    .filter(n -> (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.endsWith(SUFFIX))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the route files in " + dir, e);
        }
        if (!misnamed.isEmpty()) {
            throw new ConfigException("--routes", "route files are named *" + SUFFIX + "; rename "
                    + String.join(", ", misnamed) + " in " + dir + " (a file under another name would not be loaded)");
        }
    }
}
