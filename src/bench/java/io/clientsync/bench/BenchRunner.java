package io.clientsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.config.Settings;
import io.clientsync.config.Vendors;
import io.clientsync.support.Json;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The whole benchmark (issue 6), run by scripts/benchmark.sh from the project directory: starts the
 * {@link BenchStub} in its own JVM, runs every case in separate JVMs (baseline and client-sync in turn), profiles
 * one client-sync run with JFR, runs the JMH benchmarks and writes docs/BENCHMARKS.md. Sizes and repeats are system
 * properties (bench.changes, bench.big, bench.runs, bench.concurrency, bench.page-size, bench.batch-size, bench.warmup, bench.warmup-rounds,
 * bench.startups, bench.jmh, bench.profile, bench.driver-jvm: more JVM options for the client-sync runs), and bench.only=v1,v2;v3 for throughput cases alone ("rerun", "profile", "isolation" and "heap" name those cases), written nowhere.
 */
public final class BenchRunner {
    static final Path WORK = Path.of("target", "bench");
    static final Path LOGS = WORK.resolve("logs");
    /** The options of the shipped state.url (";CACHE_SIZE=..."), kept on the benchmark's own H2 files. */
    static final String STATE_OPTIONS = stateOptions();

    final int changes = Integer.getInteger("bench.changes", 20_000);
    final int big = Integer.getInteger("bench.big", 1_000_000);
    final int runs = Integer.getInteger("bench.runs", 3);
    final int concurrency = Integer.getInteger("bench.concurrency", 8);
    final int pageSize = Integer.getInteger("bench.page-size", 500);
    /** A vendor pipeline's batch: by default a page, the unit of work the v1 shape delivered and settled. */
    final int batchSize = Integer.getInteger("bench.batch-size", pageSize);
    /**
     * Vendor requests per warm-up round, the same number on every side (client-sync: this many requests' worth of
     * changes of clients of the round's own, in the app and store of the timed run). Rounds repeat until the JIT has settled ({@link JitWarmup}), at most
     * {@link #warmupRounds}: on two cores client-sync's code keeps C2 busy for about a minute of sending, and with a
     * fixed 100,000 the compiler threads still took a third of the CPU of the timed run.
     */
    final int warmup = Integer.getInteger("bench.warmup", 50_000);
    final int warmupRounds = Integer.getInteger("bench.warmup-rounds", 24);
    final int startups = Integer.getInteger("bench.startups", 5);
    /** The big case stops here if not done, and reports how far it got and the heap so far. */
    final long bigLimitSeconds = Integer.getInteger("bench.big-limit-seconds", 300);
    final boolean jmh = Boolean.parseBoolean(System.getProperty("bench.jmh", "true"));
    /**
     * Also run each throughput case with -XX:+UseParallelGC on both sides. Off by default since the warm-up waits for
     * the JIT: it was a "what would move the ratio" of the cold runs, and doubles the time of the run.
     */
    final boolean gcCompare = Boolean.parseBoolean(System.getProperty("bench.gc-compare", "false"));
    final boolean profile = Boolean.parseBoolean(System.getProperty("bench.profile", "true"));
    final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final String cp;
    StubClient stub;
    Process stubProcess;
    final StringBuilder md = new StringBuilder();
    final List<String> verdicts = new ArrayList<>();

    BenchRunner() throws IOException {
        String deps = Files.readString(Path.of("target", "bench-classpath.txt")).trim();
        cp = String.join(File.pathSeparator, Path.of("target", "test-classes").toAbsolutePath().toString(),
                Path.of("target", "classes").toAbsolutePath().toString(), deps);
    }

    private static String stateOptions() {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String url = p.getProperty("state.url", "");
        return url.contains(";") ? url.substring(url.indexOf(';')) : "";
    }

    public static void main(String[] args) throws Exception {
        BenchRunner b = new BenchRunner();
        try {
            b.runAll();
        } finally {
            if (b.stubProcess != null) {
                b.stubProcess.destroyForcibly();
            }
        }
        System.exit(0);
    }

    void runAll() throws Exception {
        Files.createDirectories(LOGS);
        long started = System.nanoTime();
        startStub();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<String> available = new ArrayList<>();
        for (String v : Vendors.KNOWN) {
            if (Files.exists(Path.of("routes", "vendor-" + v + io.clientsync.app.RouteFiles.SUFFIX))) {
                available.add(v);
            }
        }
        log("vendors with a route on this branch: " + available);
        String only = System.getProperty("bench.only", "");
        if (!only.isBlank()) { // a quick look while working: throughput cases only, nothing written
            for (String set : only.split(";")) {
                if (set.equals("rerun") || set.equals("profile")) { // the re-run case, or a JFR look at Fatora's run
                    log(set + ": " + Json.MAPPER.writeValueAsString(set.equals("rerun") ? reruns() : profile()));
                    continue;
                }
                if (set.equals("isolation")) {
                    log(set + ": " + isolation());
                    continue;
                }
                if (set.equals("heap")) {
                    log(set + ": " + Json.MAPPER.writeValueAsString(heap()));
                    continue;
                }
                Map<String, Object> m = throughput(set.replace(',', '+'), List.of(set.split(",")));
                log(set + ": baseline " + f0(m.get("baseMedian")) + " req/s, client-sync " + f0(m.get("syncMedian"))
                        + " req/s, ratio " + f2(m.get("ratio")) + " (to the Apache baseline " + f0(m.get("apacheMedian"))
                        + " req/s: " + f2(m.get("apacheRatio")) + "), CPU us/request " + f0(m.get("baseCpu")) + " / "
                        + f0(m.get("syncCpu")) + ", same requests " + m.get("same")
                        + (gcCompare ? "; with -XX:+UseParallelGC on both: ratio " + f2(m.get("gcRatio")) : ""));
            }
            return;
        }

        Map<String, Object> one = throughput("fatora", List.of("fatora"));
        Map<String, Object> all = throughput("all", available);
        Map<String, Object> rerun = reruns();
        JsonNode iso = isolation();
        Map<String, Object> heap = heap();
        Map<String, Object> start = startup();
        Map<String, Object> prof = profile ? profile() : Map.of();
        List<String[]> jmhRows = jmh ? jmh() : List.of();
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        write(available, one, all, rerun, iso, heap, start, prof, jmhRows, loadBefore, loadAfter,
                (System.nanoTime() - started) / 1e9);
    }

    // ------------------------------------------------------------------ cases

    Map<String, Object> throughput(String name, List<String> vendors) throws Exception {
        int warm = warmup / vendors.size(); // changes for client-sync, requests per vendor for the baselines
        log("case " + name + ": " + changes + " changes to " + vendors);
        Path recorded = WORK.resolve("requests-" + name + ".tsv").toAbsolutePath();
        // Recorded after one small warm-up round, as the timed runs come after theirs: tokens are fetched by then, so
        // the recorded requests are the deliveries alone, as in the timed runs.
        JsonNode rec = driver("record-" + name, List.of("-Xmx1g"), vendors, changes, 100, "record=true",
                "warmupRounds=1");
        stub.dump(recorded.toString());
        JsonNode recRun = rec.path("runs").get(0);
        List<Double> base = new ArrayList<>();
        List<Double> sync = new ArrayList<>();
        List<Double> baseCpu = new ArrayList<>();
        List<Double> syncCpu = new ArrayList<>();
        Set<String> digestsOk = new HashSet<>();
        long syncCalls = 0;
        long baseCalls = 0;
        List<Double> apache = new ArrayList<>();
        List<Double> apacheCpu = new ArrayList<>();
        List<String> baseWarm = new ArrayList<>(); // warm-up rounds until the JIT settled ("3", or "24 (not settled)")
        List<String> syncWarm = new ArrayList<>();
        List<Double> baseJit = new ArrayList<>(); // the JIT's compile time in the timed run, % of its wall time
        List<Double> syncJit = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            JsonNode b = child("baseline-" + name + "-" + r, List.of("-Xmx1g"), "io.clientsync.bench.Baseline",
                    baselineArgs(recorded, warm, "jdk"), TimeUnit.MINUTES.toSeconds(10));
            base.add(b.path("rps").asDouble());
            baseCpu.add(b.path("cpuMicrosPerRequest").asDouble());
            baseWarm.add(warmRounds(b));
            baseJit.add(jitPercent(b.path("jitMillis"), b.path("seconds")));
            baseCalls = stub.calls(b.path("stub"));
            digestsOk.add("base:" + b.path("stub").path("digests").toString());
            JsonNode s = driver("sync-" + name + "-" + r, List.of("-Xmx1g"), vendors, changes, warm);
            JsonNode run = s.path("runs").get(0);
            syncCalls = run.path("vendorCalls").asLong();
            sync.add(syncCalls / run.path("seconds").asDouble());
            syncCpu.add(run.path("cpuMicrosPerRequest").asDouble());
            syncWarm.add(warmRounds(s));
            syncJit.add(jitPercent(run.path("jitMillis"), run.path("seconds")));
            digestsOk.add("sync:" + run.path("stub").path("digests").toString());
            JsonNode ap = child("baseline-apache-" + name + "-" + r, List.of("-Xmx1g"), "io.clientsync.bench.Baseline",
                    baselineArgs(recorded, warm, "apache"), TimeUnit.MINUTES.toSeconds(10));
            apache.add(ap.path("rps").asDouble());
            apacheCpu.add(ap.path("cpuMicrosPerRequest").asDouble());
            digestsOk.add("apache:" + ap.path("stub").path("digests").toString());
            log(String.format(Locale.ROOT, "  run %d: baseline %.0f req/s (%.0f us CPU/req), client-sync %.0f req/s "
                    + "(%.0f us CPU/req, %.1f KB allocated per change), Apache baseline %.0f req/s (%.0f us CPU/req); "
                    + "warm-up rounds %s / %s, JIT in the timed run %.1f%% / %.1f%%",
                    r, base.get(base.size() - 1), baseCpu.get(baseCpu.size() - 1), sync.get(sync.size() - 1),
                    syncCpu.get(syncCpu.size() - 1), run.path("allocatedBytesPerChange").asDouble() / 1024,
                    apache.get(apache.size() - 1), apacheCpu.get(apacheCpu.size() - 1), baseWarm.get(r - 1),
                    syncWarm.get(r - 1), baseJit.get(r - 1), syncJit.get(r - 1)));
        }
        // What would move it: the same runs with the parallel collector on both sides (see the report).
        List<Double> gcBase = new ArrayList<>();
        List<Double> gcSync = new ArrayList<>();
        List<Double> gcSyncCpu = new ArrayList<>();
        List<Double> gcBaseCpu = new ArrayList<>();
        for (int r = 1; gcCompare && r <= runs; r++) {
            List<String> jvm = List.of("-Xmx1g", "-XX:+UseParallelGC");
            JsonNode b = child("baseline-pgc-" + name + "-" + r, jvm, "io.clientsync.bench.Baseline",
                    baselineArgs(recorded, warm, "jdk"), TimeUnit.MINUTES.toSeconds(10));
            gcBase.add(b.path("rps").asDouble());
            gcBaseCpu.add(b.path("cpuMicrosPerRequest").asDouble());
            JsonNode run = driver("sync-pgc-" + name + "-" + r, jvm, vendors, changes, warm).path("runs").get(0);
            gcSync.add(run.path("vendorCalls").asLong() / run.path("seconds").asDouble());
            gcSyncCpu.add(run.path("cpuMicrosPerRequest").asDouble());
            log(String.format(Locale.ROOT, "  run %d, -XX:+UseParallelGC on both: baseline %.0f req/s (%.0f us CPU/req), "
                    + "client-sync %.0f req/s (%.0f us CPU/req)", r, gcBase.get(r - 1), gcBaseCpu.get(r - 1),
                    gcSync.get(r - 1), gcSyncCpu.get(r - 1)));
        }
        Set<String> distinct = digestsOk.stream().map(d -> d.substring(d.indexOf(':') + 1)).collect(Collectors.toSet());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendors", vendors);
        m.put("base", base);
        m.put("sync", sync);
        m.put("baseMedian", median(base));
        m.put("syncMedian", median(sync));
        m.put("ratio", median(sync) / median(base));
        m.put("baseCpu", median(baseCpu));
        m.put("apache", apache);
        m.put("apacheMedian", median(apache));
        m.put("apacheCpu", median(apacheCpu));
        m.put("apacheRatio", median(sync) / median(apache));
        if (gcCompare) {
            m.put("gcBase", median(gcBase));
            m.put("gcSync", median(gcSync));
            m.put("gcRatio", median(gcSync) / median(gcBase));
            m.put("gcBaseCpu", median(gcBaseCpu));
            m.put("gcSyncCpu", median(gcSyncCpu));
        }
        m.put("syncCpu", median(syncCpu));
        m.put("warm", String.join(", ", baseWarm) + " / " + String.join(", ", syncWarm));
        m.put("jit", f1(median(baseJit)) + "% / " + f1(median(syncJit)) + "%");
        m.put("same", distinct.size() == 1);
        m.put("digest", distinct.toString());
        m.put("syncCalls", syncCalls);
        m.put("baseCalls", baseCalls);
        m.put("summary", recRun.path("summary").asText());
        return m;
    }

    Map<String, Object> reruns() throws Exception {
        log("case re-run: " + changes + " changes, then the same again, then the same content at a higher version");
        List<Double> first = new ArrayList<>();
        List<Double> same = new ArrayList<>();
        List<Double> higher = new ArrayList<>();
        long callsSame = 0;
        long callsHigher = 0;
        String summarySame = "";
        String summaryHigher = "";
        for (int r = 1; r <= runs; r++) {
            JsonNode s = driver("rerun-" + r, List.of("-Xmx1g"), List.of("fatora"), changes, warmup, "reruns=true");
            JsonNode rs = s.path("runs");
            first.add(rs.get(0).path("seconds").asDouble());
            same.add(rs.get(1).path("seconds").asDouble());
            higher.add(rs.get(2).path("seconds").asDouble());
            callsSame = Math.max(callsSame, rs.get(1).path("vendorCalls").asLong());
            callsHigher = Math.max(callsHigher, rs.get(2).path("vendorCalls").asLong());
            summarySame = rs.get(1).path("summary").asText();
            summaryHigher = rs.get(2).path("summary").asText();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first", first);
        m.put("same", same);
        m.put("higher", higher);
        m.put("callsSame", callsSame);
        m.put("callsHigher", callsHigher);
        m.put("summarySame", summarySame);
        m.put("summaryHigher", summaryHigher);
        return m;
    }

    /**
     * Issue 15's isolation and outage cases (IsolationTest's, through IsolationBench in a JVM of its own): the
     * shipped throttles and simulators, 40 clients in pages of 10, each case against its single-vendor run.
     */
    JsonNode isolation() throws Exception {
        log("case isolation and outage: " + runs + " runs of each");
        return child("isolation", List.of("-Xmx1g"), "io.clientsync.reliability.IsolationBench",
                List.of("runs=" + runs), TimeUnit.MINUTES.toSeconds(30));
    }

    Map<String, Object> heap() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int n : List.of(changes, big)) {
            log("case heap: " + n + " changes with -Xmx256m");
            JsonNode s;
            try {
                s = driverLimited("heap-" + n, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                        "-Xlog:gc:file=" + LOGS.resolve("gc-" + n + ".log").toAbsolutePath()), List.of("fatora"), n, 0,
                        n == big ? bigLimitSeconds : TimeUnit.MINUTES.toSeconds(20));
            } catch (CutShort e) {
                JsonNode st = stub.stats();
                m.put("error" + n, e.getMessage() + "; by then the stub had " + stub.calls(st) + " vendor calls and "
                        + st.path("feedRequests").asLong() + " feed requests");
                if (e.progress != null) {
                    m.put("peak" + n, e.progress.path("peakBeforeGcBytes").asLong());
                    m.put("live" + n, e.progress.path("peakLiveSetBytes").asLong());
                    m.put("pools" + n, e.progress.path("peakUsedBytes").asLong());
                    m.put("gc" + n, e.progress.path("gcCount").asLong());
                    m.put("seconds" + n, e.progress.path("elapsedSeconds").asDouble());
                    m.put("calls" + n, stub.calls(st));
                    m.put("summary" + n, "cut short at the time limit");
                }
                continue;
            } catch (RuntimeException e) {
                m.put("error" + n, e.getMessage());
                continue;
            }
            JsonNode run = s.path("runs").get(0);
            m.put("seconds" + n, run.path("seconds").asDouble());
            m.put("calls" + n, run.path("vendorCalls").asLong());
            m.put("summary" + n, run.path("summary").asText());
            m.put("peak" + n, s.path("heap").path("peakBeforeGcBytes").asLong());
            m.put("live" + n, s.path("heap").path("peakLiveSetBytes").asLong());
            m.put("pools" + n, s.path("heap").path("peakUsedBytes").asLong());
            m.put("gc" + n, s.path("heap").path("gcCount").asLong());
        }
        return m;
    }

    /** The start-up as shipped, then with an AppCDS archive, and with the archive and C1 only (what would move it). */
    Map<String, Object> startup() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(startup("default", List.of(), startups));
        Path jsa = WORK.resolve("client-sync.jsa").toAbsolutePath();
        Files.deleteIfExists(jsa);
        startup("train", List.of("-XX:ArchiveClassesAtExit=" + jsa), 1);
        if (Files.exists(jsa)) {
            int n = Math.max(1, Math.min(3, startups));
            m.put("cds", startup("AppCDS", List.of("-XX:SharedArchiveFile=" + jsa), n).get("ms"));
            m.put("cdsC1", startup("AppCDS+C1", List.of("-XX:SharedArchiveFile=" + jsa, "-XX:TieredStopAtLevel=1"), n)
                    .get("ms"));
        }
        return m;
    }

    Map<String, Object> startup(String label, List<String> flags, int times) throws Exception {
        log("case start-up (" + label + "): java " + String.join(" ", flags)
                + " -jar target/client-sync.jar --once, " + times + " times");
        Path config = WORK.resolve("startup.properties").toAbsolutePath();
        Map<String, String> env = new HashMap<>();
        List<Double> ms = new ArrayList<>();
        List<Double> osMs = new ArrayList<>();
        for (int r = 1; r <= times; r++) {
            Map<String, String> s = new LinkedHashMap<>(VendorStubs.settings(stub.base(), List.of("fatora")));
            s.put("source.url", stub.base() + "/feed/changes");
            s.put("vendors.enabled", "fatora");
            s.put("sync.page-size", Integer.toString(pageSize));
            s.put("state.url", "jdbc:h2:file:" + WORK.resolve("startup-" + UUID.randomUUID()).toAbsolutePath()
                    + STATE_OPTIONS);
            StringBuilder file = new StringBuilder();
            for (var e : s.entrySet()) {
                if (e.getKey().endsWith("api-key")) {
                    env.put(Settings.envName(e.getKey()), e.getValue()); // secrets never in the file
                } else {
                    file.append(e.getKey()).append('=').append(e.getValue()).append('\n');
                }
            }
            Files.writeString(config, file);
            stub.feed(100, 1);
            stub.reset(false);
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(flags);
            cmd.addAll(List.of("-jar", "target/client-sync.jar", "--once", "--config", config.toString(), "--routes",
                    "routes"));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            pb.redirectErrorStream(true).redirectOutput(LOGS.resolve("startup-" + label + "-" + r + ".log").toFile());
            long t0 = System.currentTimeMillis();
            Process p = pb.start();
            Instant osStart = p.info().startInstant().orElse(null);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("start-up run " + r + " did not end in 120 s");
            }
            long first = stub.stats().path("firstFeedMillis").asLong();
            if (first == 0) {
                throw new IllegalStateException("start-up run " + r + " never polled the feed (exit " + p.exitValue()
                        + ", see " + LOGS.resolve("startup-" + label + "-" + r + ".log") + ")");
            }
            ms.add((double) (first - t0));
            if (osStart != null) {
                osMs.add((double) (first - osStart.toEpochMilli()));
            }
            log(String.format(Locale.ROOT, "  start-up %s %d: %d ms to the first poll (exit %d)", label, r,
                    first - t0, p.exitValue()));
        }
        return Map.of("ms", ms, "osMs", osMs);
    }

    /** One more client-sync run of the Fatora case, recorded with JFR, its samples summed up here. */
    Map<String, Object> profile() throws Exception {
        log("profile: one client-sync run of " + changes + " changes with JFR");
        Path jfr = WORK.resolve("client-sync.jfr").toAbsolutePath();
        Files.deleteIfExists(jfr);
        JsonNode run = driver("profile", List.of("-Xmx1g", "-XX:StartFlightRecording=filename=" + jfr
                + ",settings=profile"), List.of("fatora"), changes, warmup).path("runs").get(0);
        Instant from = Instant.ofEpochMilli(run.path("startEpochMs").asLong());
        Instant to = Instant.ofEpochMilli(run.path("endEpochMs").asLong());
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> bucket = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue; // start-up and warm-up are not the pipeline
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+", "#"), 1, Integer::sum);
            RecordedFrame f0 = st.getFrames().get(0);
            top.merge(name(f0), 1, Integer::sum);
            bucket.merge(bucket(st.getFrames()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : st.getFrames()) {
                String n = name(f);
                if (n.startsWith("io.clientsync.") && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("top", top);
        m.put("bucket", bucket);
        m.put("inclusive", inclusive);
        m.put("threads", threads);
        m.put("file", jfr.toString());
        m.put("seconds", run.path("seconds").asDouble());
        m.put("rate", run.path("vendorCalls").asDouble() / run.path("seconds").asDouble());
        return m;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** What a sample is spent on, by the innermost frame of a known component (self time). */
    private static String bucket(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String c = f.getMethod().getType().getName();
            String b = c.startsWith("com.networknt.") ? "JSON Schema validation (networknt)"
                    : c.startsWith("org.h2.") ? "H2 (state store)"
                    : c.startsWith("com.fasterxml.jackson.") ? "Jackson (JSON parse/write)"
                    : c.startsWith("org.apache.hc.") ? "Apache HttpClient 5 (camel-http)"
                    : c.startsWith("org.apache.camel.component.http") ? "camel-http producer"
                    : c.startsWith("org.apache.camel.processor.Throttler")
                      || c.startsWith("org.apache.camel.processor.TotalRequestsThrottler") ? "Camel throttle"
                    : c.startsWith("org.apache.camel.language") || c.startsWith("org.apache.camel.support.builder")
                      ? "Camel simple language / expressions"
                    : c.startsWith("org.apache.camel.component.bean") ? "camel-bean invocation"
                    : c.startsWith("org.apache.camel.") ? "Camel core (routing, exchanges)"
                    : c.startsWith("io.clientsync.") ? "client-sync code (" + c.substring(c.lastIndexOf('.') + 1) + ")"
                    : c.startsWith("com.zaxxer.") ? "HikariCP"
                    : c.startsWith("org.apache.logging.") || c.startsWith("org.slf4j.") ? "logging"
                    : null;
            if (b != null) {
                return b;
            }
        }
        String c = frames.get(0).getMethod().getType().getName();
        return c.startsWith("sun.nio.") || c.startsWith("java.net.") || c.startsWith("sun.net.") ? "JDK network I/O"
                : "JDK / other (" + c.replaceAll("\\.[^.]+$", "") + ")";
    }

    List<String[]> jmh() throws Exception {
        log("JMH: validation, mapping, ledger");
        Path json = WORK.resolve("jmh.json").toAbsolutePath();
        Files.deleteIfExists(json);
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", cp, "org.openjdk.jmh.Main",
                "io.clientsync.bench.jmh.", "-f", "1", "-wi", "3", "-w", "1s", "-i", "5", "-r", "1s",
                "-rf", "json", "-rff", json.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve("jmh.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("JMH failed, see " + LOGS.resolve("jmh.log"));
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode r : Json.MAPPER.readTree(json.toFile())) {
            String bench = r.path("benchmark").asText().replace("io.clientsync.bench.jmh.", "");
            JsonNode pm = r.path("primaryMetric");
            rows.add(new String[] {bench, String.format(Locale.ROOT, "%.2f", pm.path("score").asDouble()),
                    String.format(Locale.ROOT, "%.2f", pm.path("scoreError").asDouble()), pm.path("scoreUnit").asText()});
        }
        return rows;
    }

    // ------------------------------------------------------------------ processes

    void startStub() throws Exception {
        Path url = WORK.resolve("stub.url");
        Files.deleteIfExists(url);
        stubProcess = new ProcessBuilder(java, "-Xmx1g", "-cp", cp, "io.clientsync.bench.BenchStub",
                url.toString(), "16").redirectErrorStream(true).redirectOutput(LOGS.resolve("stub.log").toFile())
                .start();
        for (int i = 0; i < 300 && !Files.exists(url); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(200);
        stub = new StubClient(Files.readString(url).trim());
        log("stub at " + stub.base() + " (pid " + stubProcess.pid() + ")");
    }

    JsonNode driver(String name, List<String> jvm, List<String> vendors, int n, int warm, String... extra)
            throws Exception {
        return driverLimited(name, jvm, vendors, n, warm, TimeUnit.MINUTES.toSeconds(20), extra);
    }

    JsonNode driverLimited(String name, List<String> jvm, List<String> vendors, int n, int warm, long limitSeconds,
                           String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("stub=" + stub.base(), "n=" + n,
                "vendors=" + String.join(",", vendors), "concurrency=" + concurrency, "pageSize=" + pageSize,
                "batchSize=" + batchSize,
                "warmup=" + warm, "warmupRounds=" + warmupRounds,
                "state=jdbc:h2:file:" + WORK.resolve("state-" + name + "-" + UUID.randomUUID()).toAbsolutePath()
                        + STATE_OPTIONS));
        args.addAll(List.of(extra));
        List<String> jvmArgs = new ArrayList<>(jvm);
        String more = System.getProperty("bench.driver-jvm", ""); // e.g. a JFR recording while looking at one case
        if (!more.isBlank()) {
            jvmArgs.addAll(List.of(more.trim().split("\\s+")));
        }
        return child(name, jvmArgs, "io.clientsync.bench.SyncDriver", args, limitSeconds);
    }

    List<String> baselineArgs(Path recorded, int warm, String client) {
        return List.of(stub.base(), recorded.toString(), Integer.toString(concurrency), Integer.toString(warm), client,
                Integer.toString(warmupRounds));
    }

    /** "3" when the JIT settled after 3 warm-up rounds, "24 (not settled)" when the rounds ran out first. */
    static String warmRounds(JsonNode result) {
        return result.path("warmupRounds").asInt() + (result.path("warmupSettled").asBoolean() ? "" : " (not settled)");
    }

    /** The JIT's compile time in a timed run as a percentage of the run's wall time. */
    static double jitPercent(JsonNode jitMillis, JsonNode seconds) {
        return jitMillis.asDouble() / 10 / seconds.asDouble();
    }

    JsonNode child(String name, List<String> jvm, String main, List<String> args, long timeoutSeconds)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", cp, main));
        cmd.addAll(args);
        Path out = LOGS.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).redirectError(LOGS.resolve(name + ".log").toFile())
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            String last = null;
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.startsWith("PROGRESS ")) {
                    last = line.substring(9);
                }
            }
            throw new CutShort(name + " did not end in " + timeoutSeconds + " s",
                    last == null ? null : Json.MAPPER.readTree(last));
        }
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("RESULT ")) {
                return Json.MAPPER.readTree(line.substring(7));
            }
        }
        throw new IllegalStateException(name + " gave no result (exit " + p.exitValue() + "), see " + out + " and "
                + LOGS.resolve(name + ".log"));
    }

    /** A child stopped at its time limit, with its last progress line (heap so far). */
    static final class CutShort extends IllegalStateException {
        final JsonNode progress;

        CutShort(String message, JsonNode progress) {
            super(message);
            this.progress = progress;
        }
    }

    // ------------------------------------------------------------------ report

    @SuppressWarnings("unchecked")
    void write(List<String> available, Map<String, Object> one, Map<String, Object> all, Map<String, Object> rerun,
               JsonNode iso, Map<String, Object> heap, Map<String, Object> start, Map<String, Object> prof, List<String[]> jmhRows,
               String loadBefore, String loadAfter, double totalSeconds) throws Exception {
        md.append("# Benchmarks\n\n");
        md.append("Written by `scripts/benchmark.sh` (issue 6) on ").append(Instant.now()).append(", in ")
                .append(String.format(Locale.ROOT, "%.0f", totalSeconds)).append(" s. Do not edit by hand: the ")
                .append("analysis at the end comes from `docs/BENCHMARKS-analysis.md`.\n\n");
        md.append("## Machine\n\n");
        md.append("- nproc: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        md.append("- memory: ").append(memTotal()).append('\n');
        md.append("- java -version: `").append(javaVersion()).append("`\n");
        md.append("- load average (1, 5, 15 min) before: `").append(loadBefore).append("`, after: `")
                .append(loadAfter).append("`. The machine is shared: other workers were building and testing while ")
                .append("this ran, so every figure is noisy; baseline and client-sync runs were taken in turn, and ")
                .append("the tables give medians.\n\n");
        md.append("## Settings\n\n");
        md.append("- stub: `io.clientsync.bench.BenchStub` in its own JVM (JDK HttpServer with ")
                .append("`sun.net.httpserver.nodelay=true`, 16 threads): the feed is generated on the fly from ")
                .append("(offset, size, version), every vendor answers at once.\n");
        md.append("- client-sync: the real app (application.properties, routes/, as `--once` starts it) in its own ")
                .append("JVM (`SyncDriver`), overrides: `sync.page-size=").append(pageSize)
                .append("`, `delivery.batch-size=").append(batchSize)
                .append("` (a vendor pipeline's batch as large as a page, the unit the v1 shape settled)")
                .append(", `delivery.concurrency=").append(concurrency)
                .append("`, `vendor.<id>.rate-limit=100000` per 1000 ms (throttle never binds), `state.url` a fresh ")
                .append("H2 file under target/bench. `-Xmx1g` except the heap case. Warm-up first: runs of ")
                .append(warmup).append(" vendor requests' worth of changes (divided among the vendors), in the app ")
                .append("and store of the timed run with clients of their own (the timed run's clients are new to ")
                .append("it), repeated until the JIT has settled (the compiler threads busy ")
                .append("for less than ").append(pct(JitWarmup.SETTLED)).append(" of a round's wall time) or ")
                .append(warmupRounds).append(" rounds have run; then the timed run.\n");
        md.append("- baseline: `Baseline` replays the very requests client-sync sent (recorded at the stub: method, ")
                .append("path, Authorization, Content-Type, Accept, body) through `java.net.http.HttpClient` ")
                .append("(HTTP/1.1), ").append(concurrency).append(" threads per vendor each with one request in ")
                .append("flight, after a warm-up by the same rule: rounds of ").append(warmup)
                .append(" requests (the recorded ones over and over) until the JIT has settled. ")
                .append("A second baseline sends them through Apache HttpClient 5 classic (pooled, no automatic ")
                .append("retries), the client camel-http uses. Same-requests check: the ")
                .append("stub keeps an order-independent digest of every vendor request.\n");
        md.append("- vendors with a route on this branch: ").append(available)
                .append(". The \"all enabled vendors\" case runs with these; paymo, paymo-contacts, timelog and ")
                .append("everlytic come with their branches (add their stub answer in `VendorStubs.PROFILES`).\n");
        md.append("- runs per case: ").append(runs).append(".\n\n");

        md.append("## Figures\n\n");
        md.append("| case | baseline req/s (median) | client-sync req/s (median) | ratio | runs (baseline / client-sync) | process CPU per request, µs (baseline / client-sync) | warm-up rounds until the JIT settled (baseline / client-sync) | JIT compile time in the timed run, % of its wall time (baseline / client-sync) | same requests |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (var c : List.of(Map.entry(changes + " changes, Fatora alone", one),
                Map.entry(changes + " changes, all enabled vendors " + all.get("vendors"), all))) {
            Map<String, Object> m = c.getValue();
            md.append("| ").append(c.getKey()).append(" | ").append(f0(m.get("baseMedian"))).append(" | ")
                    .append(f0(m.get("syncMedian"))).append(" | ").append(f2(m.get("ratio"))).append(" | ")
                    .append(list0((List<Double>) m.get("base"))).append(" / ").append(list0((List<Double>) m.get("sync")))
                    .append(" | ").append(f0(m.get("baseCpu"))).append(" / ").append(f0(m.get("syncCpu"))).append(" | ")
                    .append(m.get("warm")).append(" | ").append(m.get("jit")).append(" | ")
                    .append(Boolean.TRUE.equals(m.get("same")) ? "yes, " + m.get("syncCalls")
                            + " calls, digest " + m.get("digest") : "NO: " + m.get("digest")).append(" |\n");
        }
        md.append("\nThe same requests against the other baseline, and with the parallel collector on both sides ")
                .append("(what would move the ratio; the shipped jar runs on the JVM's default, G1):\n\n");
        md.append("| case | Apache HttpClient 5 baseline req/s (median) | client-sync / it | its CPU per request, µs | ")
                .append("`-XX:+UseParallelGC` on both: baseline / client-sync req/s | ratio | CPU per request, µs ")
                .append("(baseline / client-sync) |\n|---|---|---|---|---|---|---|\n");
        for (var c : List.of(Map.entry("Fatora alone", one), Map.entry("all enabled vendors", all))) {
            Map<String, Object> m = c.getValue();
            md.append("| ").append(c.getKey()).append(" | ").append(f0(m.get("apacheMedian"))).append(" (")
                    .append(list0((List<Double>) m.get("apache"))).append(") | ").append(f2(m.get("apacheRatio")))
                    .append(" | ").append(f0(m.get("apacheCpu"))).append(" | ");
            if (m.containsKey("gcRatio")) {
                md.append(f0(m.get("gcBase"))).append(" / ").append(f0(m.get("gcSync"))).append(" | ")
                        .append(f2(m.get("gcRatio"))).append(" | ").append(f0(m.get("gcBaseCpu"))).append(" / ")
                        .append(f0(m.get("gcSyncCpu"))).append(" |\n");
            } else {
                md.append("not run | | |\n");
            }
        }
        md.append("\nclient-sync's rate is vendor calls / run time (`runOnce`: feed pages, validation, ledger, ")
                .append("delivery, settle); the baseline's is requests / send time. CPU per request is the whole ")
                .append("process's CPU time (all threads, GC and JIT) over the timed part divided by the requests: ")
                .append("the machine is shared, so this is the steadier measure of what a request costs. Run summary: `")
                .append(one.get("summary")).append("`\n\n");

        double first = median((List<Double>) rerun.get("first"));
        double same = median((List<Double>) rerun.get("same"));
        double higher = median((List<Double>) rerun.get("higher"));
        md.append("| re-run case (same JVM, same H2 file store) | median s | runs | vendor calls | share of first |\n");
        md.append("|---|---|---|---|---|\n");
        md.append("| first run, ").append(changes).append(" changes | ").append(f2(first)).append(" | ")
                .append(list2((List<Double>) rerun.get("first"))).append(" | ").append(changes + 1).append(" | 100% |\n");
        md.append("| the same ").append(changes).append(" changes again (skipped: stale) | ").append(f2(same))
                .append(" | ").append(list2((List<Double>) rerun.get("same"))).append(" | ")
                .append(rerun.get("callsSame")).append(" | ").append(pct(same / first)).append(" |\n");
        md.append("| same content at a higher version (skipped: unchanged) | ").append(f2(higher)).append(" | ")
                .append(list2((List<Double>) rerun.get("higher"))).append(" | ").append(rerun.get("callsHigher"))
                .append(" | ").append(pct(higher / first)).append(" |\n\n");
        md.append("Summaries: `").append(rerun.get("summarySame")).append("`; `").append(rerun.get("summaryHigher"))
                .append("`\n\n");

        md.append("| isolation and outage (issue 15; `IsolationBench`: shipped throttles and settings, the ")
                .append("sandbox's simulators, 40 clients in pages of 10, fresh store and simulators per run) | ")
                .append("single-vendor run, last update lands ms | with the other vendor, ms | ratio | runs (ratio) |\n");
        md.append("|---|---|---|---|---|\n");
        isolationRow("isolation: Fatora, alone and beside Paymo v3 contacts at 5 requests per 5 s (client throttle "
                + "and simulator)", iso.path("isolation"));
        isolationRow("outage: Everlytic, alone and while Fatora answers 503 to everything", iso.path("outage"));
        md.append("\nLast runs: `").append(last(iso.path("isolation")).path("line").asText()).append("`; `")
                .append(last(iso.path("outage")).path("line").asText()).append("`\n\n");

        md.append("| heap case (`-Xmx256m`, H2 file store, no warm-up) | changes | run s | vendor calls | peak heap used (before any GC) | peak live set (what a full GC every 5 s and at the end left, from the GC's notification) | GCs |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (int n : List.of(changes, big)) {
            if (heap.containsKey("error" + n) && heap.containsKey("peak" + n)) {
                md.append("| ").append(n).append(" changes: ").append(heap.get("error" + n)).append(" | ").append(n)
                        .append(" | ").append(f2(heap.get("seconds" + n))).append(" (cut) | ").append(heap.get("calls" + n))
                        .append(" | ").append(mb(heap.get("peak" + n))).append(" | ").append(mb(heap.get("live" + n)))
                        .append(" | ").append(heap.get("gc" + n)).append(" |\n");
                continue;
            }
            if (heap.containsKey("error" + n)) {
                md.append("| ").append(n).append(" | ").append(n).append(" | failed: ").append(heap.get("error" + n))
                        .append(" | | | | |\n");
                continue;
            }
            md.append("| ").append(n).append(" changes | ").append(n).append(" | ").append(f2(heap.get("seconds" + n)))
                    .append(" | ").append(heap.get("calls" + n)).append(" | ").append(mb(heap.get("peak" + n)))
                    .append(" | ").append(mb(heap.get("live" + n))).append(" | ").append(heap.get("gc" + n))
                    .append(" |\n");
        }
        md.append("\nGC logs: target/bench/logs/gc-*.log. Summary at ").append(big).append(": `")
                .append(heap.get("summary" + big)).append("`\n\n");

        List<Double> ms = (List<Double>) start.get("ms");
        List<Double> osMs = (List<Double>) start.get("osMs");
        md.append("| start-up (`java -jar target/client-sync.jar --once`) | median ms | runs |\n|---|---|---|\n");
        md.append("| launch to the first feed request at the stub | ").append(f0(median(ms))).append(" | ")
                .append(list0(ms)).append(" |\n");
        if (!osMs.isEmpty()) {
            md.append("| OS process start (ProcessHandle) to the first feed request | ").append(f0(median(osMs)))
                    .append(" | ").append(list0(osMs)).append(" |\n");
        }
        if (start.containsKey("cds")) {
            List<Double> cds = (List<Double>) start.get("cds");
            List<Double> cdsC1 = (List<Double>) start.get("cdsC1");
            md.append("| what would move it: with an AppCDS archive (`-XX:SharedArchiveFile`, made by one ")
                    .append("`-XX:ArchiveClassesAtExit` run) | ").append(f0(median(cds))).append(" | ")
                    .append(list0(cds)).append(" |\n");
            md.append("| what would move it: AppCDS archive and `-XX:TieredStopAtLevel=1` | ")
                    .append(f0(median(cdsC1))).append(" | ").append(list0(cdsC1)).append(" |\n");
        }
        md.append('\n');

        if (!jmhRows.isEmpty()) {
            md.append("| JMH (1 fork, 3 x 1 s warm-up, 5 x 1 s measured; per change) | score | error (99.9%) | unit |\n");
            md.append("|---|---|---|---|\n");
            for (String[] r : jmhRows) {
                md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" | ")
                        .append(r[3]).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        target("client-sync >= 0.8x baseline (java.net.http), Fatora alone", f2(one.get("ratio")) + "x (against "
                        + "Apache HttpClient 5: " + f2(one.get("apacheRatio")) + "x)",
                (double) one.get("ratio") >= 0.8, "missed by " + pct(1 - (double) one.get("ratio") / 0.8)
                        + " (needs " + f2(0.8 / (double) one.get("ratio")) + "x its rate)");
        target("client-sync >= 0.8x baseline (java.net.http), all enabled vendors " + all.get("vendors"),
                f2(all.get("ratio")) + "x (against Apache HttpClient 5: " + f2(all.get("apacheRatio")) + "x)",
                (double) all.get("ratio") >= 0.8, "missed by " + pct(1 - (double) all.get("ratio") / 0.8)
                        + " (needs " + f2(0.8 / (double) all.get("ratio")) + "x its rate)");
        boolean zero = ((Number) rerun.get("callsSame")).longValue() == 0
                && ((Number) rerun.get("callsHigher")).longValue() == 0;
        target("unchanged re-run makes zero vendor calls", rerun.get("callsSame") + " / " + rerun.get("callsHigher")
                + " calls", zero, "calls were made");
        double worst = Math.max(same, higher) / first;
        target("unchanged re-run < 20% of the first run's time", pct(same / first) + " (stale), " + pct(higher / first)
                + " (unchanged)", worst < 0.2, "missed: " + pct(worst) + " vs 20%");
        boolean bigDone = heap.containsKey("calls" + big) && ((Number) heap.get("calls" + big)).longValue() >= big;
        target(big + " changes finish with -Xmx256m", bigDone ? "finished, " + heap.get("calls" + big) + " calls"
                : String.valueOf(heap.getOrDefault("error" + big, "not finished")), bigDone, "did not finish");
        if (heap.containsKey("peak" + big) && heap.containsKey("peak" + changes)) {
            double r = ((Number) heap.get("peak" + big)).doubleValue() / ((Number) heap.get("peak" + changes)).doubleValue();
            double rl = ((Number) heap.get("live" + big)).doubleValue() / Math.max(1, ((Number) heap.get("live" + changes)).doubleValue());
            target("peak heap at " + big + " <= 1.25x the peak at " + changes + " (streaming: judged on the live set)",
                    f2(rl) + "x (live set); " + f2(r) + "x (heap used before a GC, which G1 lets grow toward -Xmx "
                    + "in a longer run)", rl <= 1.25, "missed: " + f2(rl) + "x vs 1.25x");
        }
        double isoRatio = median(ratios(iso.path("isolation")));
        target("isolation: Fatora's last update beside Paymo v3 contacts (5 per 5 s) within 1.5x of Fatora alone",
                f2(isoRatio) + "x (median)", isoRatio <= 1.5, "missed: " + f2(isoRatio) + "x");
        double outRatio = median(ratios(iso.path("outage")));
        target("outage: Everlytic's last update while Fatora is down within 1.5x of Everlytic alone",
                f2(outRatio) + "x (median); Fatora's waiting changes delivered by the next run with "
                        + last(iso.path("outage")).path("fatoraCalls").asInt() + " PUTs for "
                        + last(iso.path("outage")).path("fatoraEligible").asInt() + " clients",
                outRatio <= 1.5, "missed: " + f2(outRatio) + "x");
        double su = median(ms);
        target("start-up to first poll < 2.5 s", f0(su) + " ms", su < 2500, "missed by " + f0(su - 2500) + " ms");
        md.append('\n');

        if (!prof.isEmpty()) {
            int total = (int) prof.get("total");
            md.append("## Profile (JFR, one client-sync run of ").append(changes).append(" changes to Fatora)\n\n");
            md.append("Run: ").append(f2(prof.get("seconds"))).append(" s, ").append(f0(prof.get("rate")))
                    .append(" req/s under JFR. Samples taken inside the timed run only (not start-up, not warm-up). ");
            md.append("`").append(prof.get("file")).append("`, ").append(total).append(" execution samples ")
                    .append("(`jfr print --events jdk.ExecutionSample` / `jfr summary` to look further).\n\n");
            md.append("| component (innermost known frame) | samples | share |\n|---|---|---|\n");
            topRows((Map<String, Integer>) prof.get("bucket"), total, 14);
            md.append("\n| top frame (self) | samples | share |\n|---|---|---|\n");
            topRows((Map<String, Integer>) prof.get("top"), total, 15);
            md.append("\n| client-sync method (inclusive: on the stack) | samples | share |\n|---|---|---|\n");
            topRows((Map<String, Integer>) prof.get("inclusive"), total, 15);
            md.append("\n| thread | samples | share |\n|---|---|---|\n");
            topRows((Map<String, Integer>) prof.get("threads"), total, 10);
            md.append('\n');
        }

        Path notes = Path.of("docs", "BENCHMARKS-analysis.md");
        if (Files.exists(notes)) {
            md.append(Files.readString(notes));
        }
        Files.createDirectories(Path.of("docs"));
        Files.writeString(Path.of("docs", "BENCHMARKS.md"), md.toString());
        log("wrote docs/BENCHMARKS.md");
        verdicts.forEach(BenchRunner::log);
    }

    private void topRows(Map<String, Integer> counts, int total, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" | ")
                        .append(pct(e.getValue() / (double) Math.max(1, total))).append(" |\n"));
    }

    private void isolationRow(String what, JsonNode runsOf) {
        List<Double> alone = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (JsonNode r : runsOf) {
            alone.add(r.path("alone").asDouble());
            with.add(r.path("with").asDouble());
        }
        StringBuilder each = new StringBuilder();
        for (JsonNode r : runsOf) {
            each.append(each.length() == 0 ? "" : ", ").append(r.path("alone").asLong()).append(" / ")
                    .append(r.path("with").asLong()).append(" (").append(f2(r.path("ratio").asDouble())).append(')');
        }
        md.append("| ").append(what).append(" | ").append(f0(median(alone))).append(" | ").append(f0(median(with)))
                .append(" | ").append(f2(median(ratios(runsOf)))).append(" | ").append(each).append(" |\n");
    }

    private static List<Double> ratios(JsonNode runsOf) {
        List<Double> r = new ArrayList<>();
        runsOf.forEach(n -> r.add(n.path("ratio").asDouble()));
        return r;
    }

    private static JsonNode last(JsonNode runsOf) {
        return runsOf.size() == 0 ? Json.MAPPER.createObjectNode() : runsOf.get(runsOf.size() - 1);
    }

    private void target(String what, String measured, boolean holds, String miss) {
        md.append("| ").append(what).append(" | ").append(measured).append(" | ")
                .append(holds ? "holds" : "MISSED: " + miss).append(" |\n");
        verdicts.add(what + ": " + measured + " -> " + (holds ? "holds" : "MISSED: " + miss));
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String f0(Object d) {
        return String.format(Locale.ROOT, "%.0f", ((Number) d).doubleValue());
    }

    static String f1(Object d) {
        return String.format(Locale.ROOT, "%.1f", ((Number) d).doubleValue());
    }

    static String f2(Object d) {
        return String.format(Locale.ROOT, "%.2f", ((Number) d).doubleValue());
    }

    static String pct(double d) {
        return String.format(Locale.ROOT, "%.1f%%", d * 100);
    }

    static String mb(Object bytes) {
        return String.format(Locale.ROOT, "%.1f MB", ((Number) bytes).doubleValue() / (1024 * 1024));
    }

    static String list0(List<Double> xs) {
        return xs.stream().map(BenchRunner::f0).collect(Collectors.joining(", "));
    }

    static String list2(List<Double> xs) {
        return xs.stream().map(BenchRunner::f2).collect(Collectors.joining(", "));
    }

    static String memTotal() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("?");
    }

    String javaVersion() throws Exception {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return v.replace("\n", " / ");
    }

    static void log(String s) {
        System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + s);
    }
}
