package io.clientsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged jar ({@code target/client-sync.jar}, made by {@code package}) run as its own process in a working
 * directory under target/, with a settings file written there and the project's route files: what a job runner runs.
 */
public final class JarProcess {
    public static final Path JAR = Path.of("target/client-sync.jar").toAbsolutePath();
    private final Path work;

    private JarProcess(Path work) {
        this.work = work;
    }

    /** A fresh working directory whose {@code run.properties} holds these settings. */
    public static JarProcess in(String prefix, Map<String, String> settings) throws IOException {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        StringBuilder config = new StringBuilder();
        settings.forEach((k, v) -> config.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(work.resolve("run.properties"), config);
        return new JarProcess(work);
    }

    public Path work() {
        return work;
    }

    /** Starts {@code java [jvm options] -jar client-sync.jar args... --config run.properties --routes <project>}. */
    public Process start(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", "run.properties", "--routes",
                Path.of("routes").toAbsolutePath().toString()));
        return new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile())
                .start();
    }

    /**
     * Runs the jar with these arguments and SIGKILLs it (no shutdown hook, no cleanup) as soon as {@code killWhen}
     * holds, looking every 2 ms for up to a minute. The exit code, or empty when it was killed.
     */
    public java.util.OptionalInt runKilledWhen(java.util.function.BooleanSupplier killWhen, String... args)
            throws IOException, InterruptedException {
        Process p = start(List.of(), args);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (killWhen.getAsBoolean() && p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                return java.util.OptionalInt.empty();
            }
            Thread.sleep(2);
        }
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the jar did not end within 3 minutes: " + work.resolve("err.txt"));
        }
        return java.util.OptionalInt.of(p.exitValue());
    }

    public String out() throws IOException {
        return Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    public String err() throws IOException {
        return Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    /** The run's summary line ("client-sync run N (once): ..."). */
    public String summary() throws IOException {
        return out().lines().filter(l -> l.startsWith("client-sync run ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no summary line in " + work.resolve("out.txt")));
    }
}
