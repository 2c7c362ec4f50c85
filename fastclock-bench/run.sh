#!/usr/bin/env bash
# FastClock benchmarks: one command per job (also `./fastclock bench MODE`). See fastclock-bench/README.md.
#
#   fastclock-bench/run.sh quick [jmh args...]   ~3 min: short iterations, routes default/vdso/libc -> results.md, chart.svg
#   fastclock-bench/run.sh full  [jmh args...]   ~15 min: 1 fork, 3x1 s warm-up, 5x1 s measurement -> results.md, chart.svg
#   fastclock-bench/run.sh smoke                 <1 min: a few benchmarks, one 100 ms iteration; for CI, no timing asserted
#   fastclock-bench/run.sh cold  [runs]          cold start: first call in fresh JVMs vs System.nanoTime() only
#   fastclock-bench/run.sh floor                 the C floor only
#   fastclock-bench/run.sh jitter [duration]     tail latency per call, default 60s -> percentiles.md, jitter.svg, jitter.hlog
#
# Extra jmh args (quick/full) go to JMH, e.g. a regex to run a subset: run.sh quick 'OutParam'.
# Results go to fastclock-bench/target/bench/<mode>/. FASTCLOCK_BENCH_NO_BUILD=1 reuses the built jar.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

# The JDK is found in one place, ./fastclock, which runs this script with FASTCLOCK_JDK set (and
# JAVA_HOME, MAVEN_OPTS); called directly, this script goes through it.
if [ -z "${FASTCLOCK_JDK:-}" ]; then
  exec "$root/fastclock" bench "$@"
fi
export JAVA_HOME=$FASTCLOCK_JDK

mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
  quick|full|smoke|cold|floor|jitter) ;;
  *) echo "usage: ./fastclock bench quick|full|smoke|cold|floor|jitter [args...]   (see fastclock-bench/README.md)" >&2; exit 2 ;;
esac

java="$JAVA_HOME/bin/java"
jar="$here/target/benchmarks.jar"
out="$here/target/bench/$mode"
mkdir -p "$out"

# ---- build the shaded jar from this tree (-am: the reactor's modules, never stale ones from ~/.m2)
if [ "${FASTCLOCK_BENCH_NO_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  echo "run.sh: building $jar with $JAVA_HOME" >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl fastclock-bench -am package)
fi

# ---- the C floor: writes $out/floor.txt (a note instead when gcc is missing)
floor() {
  if ! command -v gcc >/dev/null 2>&1; then
    printf 'note\tgcc not found: C floor not measured\n' > "$out/floor.txt"
    echo "run.sh: gcc not found, the table has no C floor column values" >&2
    return 0
  fi
  gcc -O2 -Wall -o "$out/floor" "$here/src/main/c/floor.c" -ldl
  echo "run.sh: measuring the C floor" >&2
  "$out/floor" > "$out/floor.txt"
}

jmh() { "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }
report() { "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.fastclock.bench.Report "$@"; }

case "$mode" in
  floor)
    floor
    cat "$out/floor.txt"
    ;;
  quick|full)
    floor
    if [ "$mode" = quick ]; then
      # two warm-ups: on a busy 2-core machine one 500 ms warm-up can end before C2 has compiled;
      # the vsyscall and jdk routes (slow or plain JDK by design) are left to the full run
      timing=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms -p route=default,vdso,libc)
    else
      timing=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
    fi
    # -foe false: a route that is not available here fails its own forks, not the whole run
    echo "run.sh: JMH $mode run, log in $out/jmh.log" >&2
    jmh "${timing[@]}" -prof gc -foe false -rf json -rff "$out/jmh.json" "$@" 2>&1 | tee "$out/jmh.log" \
      | grep --line-buffered -E '^# (Benchmark|Parameters):|ERROR|Exception' >&2 || true
    [ -s "$out/jmh.json" ] || { echo "run.sh: JMH wrote no results, see $out/jmh.log" >&2; exit 1; }
    report --jmh "$out/jmh.json" --floor "$out/floor.txt" --mode "$mode" --out "$out/results.md" --chart "$out/chart.svg"
    sed -n '/^## Targets/,/^## Every/p' "$out/results.md" | sed '$d'
    echo "run.sh: full table in $out/results.md, chart in $out/chart.svg" >&2
    ;;
  smoke)
    # Proves the jar runs and reports: one short iteration each, no timing looked at. clockStatus: the one
    # system call and the one allocating method of the catalogue, through the shaded jar.
    benches=(FastClockBench.nanos FastClockBench.cpu FastClockBench.clockStatus BaselineBench.nanoTime
             OutParamClockBench.fieldOffHeap OutParamCpuBench.schedGetcpuCritical)
    regexes=(); required=()
    for b in "${benches[@]}"; do regexes+=("${b//./\\.}\$"); done
    jmh -f 1 -wi 0 -i 1 -r 100ms -prof gc -foe true -p route=default -rf json -rff "$out/jmh.json" "${regexes[@]}" \
      > "$out/jmh.log" 2>&1 || { tail -40 "$out/jmh.log" >&2; echo "run.sh: smoke JMH run failed" >&2; exit 1; }
    for b in "${benches[@]}"; do
      case "$b" in FastClockBench.*) required+=("$b[route=default]") ;; *) required+=("$b") ;; esac
    done
    report --jmh "$out/jmh.json" --require "$(IFS=,; echo "${required[*]}")"
    ;;
  cold)
    runs=${1:-15}
    [ $# -gt 0 ] && shift
    "$java" -cp "$jar" dev.fastclock.bench.ColdStart --runs "$runs" --out "$out/cold.md" "$@"
    ;;
  jitter)
    # a duration first (60s, 10m, 1h), then Jitter's own options (--cpu N, --only REGEX)
    duration=60s
    if [ $# -gt 0 ] && [[ $1 != --* ]]; then duration=$1; shift; fi
    "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.fastclock.bench.Jitter \
      --duration "$duration" --out "$out" "$@"
    ;;
esac
