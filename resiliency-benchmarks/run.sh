#!/usr/bin/env bash
# Builds resiliency-benchmarks, runs every JMH benchmark with -prof gc at 1 and 2 threads (the primitives,
# the pipeline, the hand-off floor, and the annotation path: Spring beans proxied by our starter, by
# resilience4j-spring-boot4 and by Spring 7's @Retryable/@ConcurrencyLimit), runs the hedging tail-latency
# study (virtual time, then real time), and writes resiliency-benchmarks/RESULTS.md with the raw CSVs and the
# plots in resiliency-benchmarks/results/.
#
#   resiliency-benchmarks/run.sh                 full run (~30 min of JMH on 2 cores, ~2 min for the study)
#   resiliency-benchmarks/run.sh --quick         smoke run: short iterations, a tenth of the study's requests
#   resiliency-benchmarks/run.sh --only REGEX    JMH benchmarks matching REGEX only (e.g. 'CircuitBreaker|Baseline',
#                                                'AnnotationBenchmark')
#   resiliency-benchmarks/run.sh --no-study      skip the hedging study (keeps its previous CSVs)
#   resiliency-benchmarks/run.sh --no-jmh        skip JMH (keeps its previous CSVs)
#   resiliency-benchmarks/run.sh --no-build      use the jar already built
#
# Run it on a quiet machine: anything else using the CPU shows up in the numbers.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

command_line="${JMH_OPTS:+JMH_OPTS='$JMH_OPTS' }resiliency-benchmarks/run.sh${*:+ $*}"
quick=false
only=""
jmh=true
study=true
build=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true ;;
    --only) only="$2"; shift ;;
    --no-study) study=false ;;
    --no-jmh) jmh=false ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

jar="$here/target/benchmarks.jar"
results="$here/results"
logs="$here/target/results"
mkdir -p "$results" "$logs"

if $build; then
  ./mvnw -B -q -pl resiliency-benchmarks -am package -DskipTests
fi

if $quick; then
  jmh_opts=(-f 1 -wi 2 -w 300ms -i 3 -r 300ms)
  study_opts=(--quick)
else
  jmh_opts=(-f 2 -wi 5 -w 1s -i 5 -r 1s)
  study_opts=()
fi
if [ -n "${JMH_OPTS:-}" ]; then
  # Override the iteration settings, e.g. JMH_OPTS='-f 1 -wi 3 -w 1s -i 3 -r 1s' for a shorter full run.
  read -r -a jmh_opts <<< "$JMH_OPTS"
fi

started="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

if $jmh; then
  for threads in 1 2; do
    # An empty regex list runs every benchmark in the jar.
    java -jar "$jar" ${only:+"$only"} -t "$threads" "${jmh_opts[@]}" -prof gc \
      -rf csv -rff "$results/jmh-t$threads.csv" | tee "$logs/jmh-t$threads.log"
  done
fi

if $study; then
  java -cp "$jar" dev.resiliency.benchmarks.hedging.HedgingStudy --out "$results" "${study_opts[@]}" \
    | tee "$logs/hedging.log"
fi

cpu_model="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
jvm="$(java -version 2>&1 | head -3 | tr '\n' ' ')"
{
  echo "# Benchmark results"
  echo
  if $quick; then
    echo "> **Smoke run (\`--quick\`)**: 1 fork, 3 × 300 ms iterations, a tenth of the study's requests. These"
    echo "> numbers only show that everything runs; run \`resiliency-benchmarks/run.sh\` on a quiet machine for"
    echo "> figures worth quoting."
    echo
  fi
  echo "Written by \`resiliency-benchmarks/run.sh\`; raw data in [results/](results/)."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $started |"
  echo "| command | \`${command_line//|/\\|}\` |"
  echo "| JMH options | \`${jmh_opts[*]} -prof gc\`, \`-t 1\` then \`-t 2\`, heap \`-Xms1g -Xmx1g\` |"
  echo "| CPUs (\`nproc\`) | $(nproc) |"
  echo "| CPU model (\`lscpu\`) | ${cpu_model:-?} |"
  echo "| JVM | $jvm |"
  echo "| OS | $(uname -srm) |"
  echo "| load average before / after | $load_before / $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') |"
  echo "| commit | $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)') |"
  echo
  java -cp "$jar" dev.resiliency.benchmarks.report.ResultsReport "$results"
} > "$here/RESULTS.md"

echo "wrote $here/RESULTS.md"
