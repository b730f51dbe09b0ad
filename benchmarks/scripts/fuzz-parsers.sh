#!/usr/bin/env bash
# Fuzzes each of the project's own parsers with Jazzer for 1 minute (the @FuzzTest's maxDuration): fingerprint bytes,
# the index's manifest, commit pointer, snapshot and log, IsoHash binarizer files, .vsw weights files. `mvn -B verify`
# runs only their regression inputs (src/test/resources/**/*FuzzTestInputs). Prints, per target, the inputs tried and
# whether a finding (an untyped exception, an out-of-memory error, a timeout) was made; a finding's input is written
# as crash-* in the module's folder: add it to the target's Inputs folder once fixed.
#   benchmarks/scripts/fuzz-parsers.sh [TARGET_FILTER]
set -uo pipefail
cd "$(dirname "$0")/../.."
targets=(
  "testkit VideoFingerprintFuzzTest#fromBytes"
  "testkit VideoFingerprintFuzzTest#fromBytesBehindAValidChecksum"
  "hashing IndexFilesFuzzTest#manifest"
  "hashing IndexFilesFuzzTest#commit"
  "hashing IndexFilesFuzzTest#snapshot"
  "hashing IndexFilesFuzzTest#log"
  "hashing IndexFilesFuzzTest#logWithValidChecksums"
  "hashing IndexFilesFuzzTest#isoHashBinarizer"
  "encoders WeightsFileFuzzTest#parse"
  "encoders WeightsFileFuzzTest#parseBehindAValidChecksum"
)
total=0
findings=0
for t in "${targets[@]}"; do
  module="${t%% *}"
  test="${t#* }"
  [[ -n "${1:-}" && "$test" != *"$1"* ]] && continue
  log="$(mktemp)"
  JAZZER_FUZZ=1 mvn -B verify -pl "$module" -am -Dtest="$test" -Djazzer.hooks=true \
      -Djunit.jupiter.execution.timeout.mode=disabled -Dsurefire.failIfNoSpecifiedTests=false \
      -Dsurefire.jvm.args="-Xmx1g -Djava.awt.headless=true" >"$log" 2>&1
  status=$?
  runs="$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2, $5}')"
  n="${runs%% *}"
  secs="${runs##* }"
  n="${n:-0}"
  total=$((total + n))
  if [[ $status -ne 0 ]]; then
    findings=$((findings + 1))
    echo "$test: $n inputs in ${secs:-?} s: FINDING (see $log)"
    grep -E "untyped failure|OutOfMemory|Timeout|crash-" "$log" | head -5
  elif [[ "$n" -eq 0 ]]; then
    findings=$((findings + 1))
    echo "$test: NO INPUTS RUN: is the target in module $module? (see $log)"
  else
    echo "$test: $n inputs in ${secs:-?} s: no finding"
    rm -f "$log"
  fi
done
echo "parsers fuzzed: $total inputs in all, $findings target(s) with findings"
