#!/usr/bin/env bash
# Builds the worker and the benchmark drivers, makes the AppCDS archive the launcher uses, runs the
# benchmarks of issues 7 and 10 and writes bench/results.md (rows of sections not run are kept).
# Prints one line per figure.
#
#   bench/run.sh                      # everything
#   bench/run.sh dispatch economy     # only these sections: startup codec dispatch economy
#                                     # concurrency inflight journal memory
#   bench/run.sh memory               # peak RSS under the worst request shapes of issue 10
#   bench/run.sh inflight             # 10,000 runs waiting at once: threads, RSS (issue 14.1)
#
# Environment: BENCH_EVENTS (20000), BENCH_OUTSTANDING (16), BENCH_RUNS (500),
# BENCH_IN_FLIGHT_RUNS (10000), BENCH_STARTUP_RUNS (5), BENCH_JOURNAL_SIZES (1000,10000,100000),
# BENCH_JOURNAL_QUERIES (1000), BENCH_MEMORY_REQUESTS (100000); BENCH_SKIP_BUILD=1 reuses what an earlier run built.
# Benchmarks 3, 5 and 5b listen on 127.0.0.1:22 for the worker's SSH readiness probe, so they need
# root (or something already listening there).
#
# Not run here: the seeded envelope fuzz (hostile envelopes and payloads through the embedded Events
# API, HttpEventBus and RequestDispatcher). ./mvnw verify runs 500 requests; a longer campaign, e.g.
# 10,000 requests (about 40 s on 2 cores), and its figures:
#   ./mvnw -B -q -pl app -am verify -Dtest=EnvelopeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
#     -Dfuzz.count=10000 [-Dfuzz.seed=N]
#   grep 'fuzz:' app/target/surefire-reports/com.busdk.upcloud.app.e2e.EnvelopeFuzzTest-output.txt
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="app/target/bus-integration-upcloud.jar"
jsa="app/target/bus-integration-upcloud.jsa"

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  echo "bench: building with ./mvnw (package, tests skipped)..." >&2
  # Package only: the reactor resolves sibling modules from their target folders and nothing is
  # installed into the local repository. Offline first, so a warm ~/.m2 needs no network.
  ./mvnw -B -q -o -DskipTests package >&2 || ./mvnw -B -q -DskipTests package >&2
fi

# The AppCDS archive, made at build time from a --self-test run with the launcher's JVM options
# (an archive only maps into a JVM started with matching options).
launcher_opts="$(sed -n 's/.*BUS_JAVA_OPTS:-\([^}]*\)}.*/\1/p' bin/bus-integration-upcloud | head -n1)"
if [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; then
  echo "bench: creating the AppCDS archive $jsa..." >&2
  rm -f "$jsa"
  # shellcheck disable=SC2086
  "$java_bin" $launcher_opts -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" --self-test >/dev/null 2>&1 \
    || echo "bench: the AppCDS archive could not be made; start-up is measured without it" >&2
fi

classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
exec "$java_bin" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dsun.net.httpserver.nodelay=true \
  -cp "$classpath" com.busdk.upcloud.benchmarks.Bench "$root" "$@"
