#!/usr/bin/env bash
# The benchmarks of dub-lead-filter (issue 6): prints one table and writes it to bench/results.md.
#
#   bench/run.sh                 # everything, about 15 minutes on 2 cores
#   QUICK=1 bench/run.sh         # a short smoke run (numbers too noisy to quote)
#   bench/run.sh pass latency    # only some parts: pass latency burst jmh
#
# Needs a JDK 17, Maven, taskset, and wrk (installed with apt-get when missing). It installs the
# filter from the repo root first (mvn install -DskipTests), then builds bench/ and runs against
# the jars just built in ../target (not whatever another build left in ~/.m2).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
PARTS="${*:-pass latency burst jmh}"
QUICK="${QUICK:-0}"
if [ "$QUICK" = 1 ]; then
  PASS_ROUNDS=3 PASS_SECONDS=2 PASS_WARMUP=2 LAT_ROUNDS=3 LAT_PER_ROUND=200 BURST=2000 RATE_SECONDS=20
  JMH_OPTS="-wi 2 -i 3 -w 1 -r 1"
else
  PASS_ROUNDS=16 PASS_SECONDS=3 PASS_WARMUP=8 LAT_ROUNDS=10 LAT_PER_ROUND=500 BURST=10000 RATE_SECONDS=120
  JMH_OPTS=""
fi
JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC -Djava.util.logging.config.file=$BENCH/logging.properties"

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 1; }

echo "building the filter and the benchmarks..." >&2
(cd "$ROOT" && mvn -q -B install -DskipTests)
(cd "$BENCH" && mvn -q -B package)
VERSION=0.1.0-SNAPSHOT
CP="$BENCH/target/classes:$ROOT/target/dub-lead-filter-$VERSION.jar:$ROOT/target/dub-lead-filter-$VERSION-tests.jar"
CP="$CP:$(tr ':' '\n' < "$BENCH/target/classpath.txt" | grep -v '/io/dubleads/dub-lead-filter/' | paste -sd:)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dub-bench.XXXXXX")"
OUT="$BENCH/target/results.md"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

{
  echo "# dub-lead-filter benchmarks"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD)$( [ "$QUICK" = 1 ] && echo ', QUICK=1 (smoke run: too short to quote)')."
  echo "Machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | sed -n 1p)."
  echo "JVM options: \`$JAVA_OPTS\`. Other builds may share the machine: compare the ratios, not the absolute numbers."
} > "$OUT"

start_server() {
  taskset -c 0 java $JAVA_OPTS -cp "$CP" io.dubleads.bench.BenchServer "$WORK/spools" "$WORK/port" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { cat "$WORK/server.log" >&2; echo "the bench server did not start" >&2; exit 1; }
  PORT="$(cat "$WORK/port")"
}
stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; rm -f "$WORK/port"
}

for part in $PARTS; do
  case "$part" in
    pass)
      echo "1. pass-through overhead..." >&2
      start_server
      taskset -c 1 java $JAVA_OPTS -cp "$CP" io.dubleads.bench.PassThrough "$PORT" "$PASS_ROUNDS" "$PASS_SECONDS" "$PASS_WARMUP" 16 "$OUT" "$SERVER_PID" >/dev/null
      stop_server ;;
    latency)
      echo "2. signup latency..." >&2
      start_server
      taskset -c 1 java $JAVA_OPTS -cp "$CP" io.dubleads.bench.SignupLatency "$PORT" "$LAT_ROUNDS" "$LAT_PER_ROUND" "$OUT" >/dev/null
      stop_server ;;
    burst)
      echo "3. burst and drain..." >&2
      java $JAVA_OPTS -cp "$CP" io.dubleads.bench.BurstDrain "$WORK/burst" "$BURST" "$RATE_SECONDS" "$OUT" >/dev/null ;;
    jmh)
      echo "4. JMH, capture path..." >&2
      mkdir -p "$WORK/jmh"
      java -cp "$CP" org.openjdk.jmh.Main \
        -jvmArgsAppend "-Ddub.bench.work=$WORK/jmh -Djava.util.logging.config.file=$BENCH/logging-jmh.properties" \
        $JMH_OPTS -prof gc -rf json -rff "$WORK/jmh.json" 'io.dubleads.bench.CaptureBench' > "$WORK/jmh.log" 2>&1 \
        || { cat "$WORK/jmh.log" >&2; exit 1; }
      cp "$WORK/jmh.log" "$BENCH/target/jmh.log"
      java -cp "$CP" io.dubleads.bench.JmhTable "$WORK/jmh.json" "$WORK/jmh/alloc.tsv" "$OUT" >/dev/null ;;
    *) echo "unknown part: $part (pass latency burst jmh)" >&2; exit 2 ;;
  esac
done

cp "$OUT" "$BENCH/results.md"
cat "$OUT"
