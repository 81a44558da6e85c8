package io.clientsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A working directory for the packaged jar, as a user has one: application.properties and routes/ beside it. */
public final class JarWorkDir {
    private JarWorkDir() {
    }

    public static Path create(String prefix) throws IOException {
        Path work = Files.createTempDirectory(Path.of("target"), prefix);
        Files.copy(Path.of("application.properties"), work.resolve("application.properties"));
        Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, work.resolve("routes").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return work;
    }
}
