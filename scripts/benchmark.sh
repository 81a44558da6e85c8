#!/usr/bin/env bash
# The benchmark of issue 6, one command: builds what it needs (the jar, the bench classes and JMH under the
# `bench` Maven profile), then runs every case and writes docs/BENCHMARKS.md.
#   scripts/benchmark.sh                       the full run (20,000 changes, 1,000,000 with -Xmx256m, ~30 min)
#   BENCH_OPTS="-Dbench.changes=2000 -Dbench.big=20000 -Dbench.runs=1 -Dbench.jmh=false" scripts/benchmark.sh
# Knobs (-D): bench.changes bench.big bench.runs bench.concurrency bench.page-size bench.warmup bench.startups
# bench.warmup-rounds bench.gc-compare bench.jmh bench.profile bench.driver-jvm; bench.only="fatora;paymo-contacts" runs only those throughput cases ("rerun", "profile", "isolation", "heap": those cases) and writes nothing. Results and logs also in target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -Pbench -DskipTests package
mkdir -p target/bench/logs
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
exec java -Xmx512m ${BENCH_OPTS:-} -cp "$CP" io.clientsync.bench.BenchRunner
