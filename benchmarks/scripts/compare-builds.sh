#!/usr/bin/env bash
# Fingerprinting time of two or more builds on one file, in one JVM each (the library's case), interleaved so that
# the shared machine's load changes hit every build alike. For each round and each launcher it runs
# `LAUNCHER fingerprint VIDEO --repeat 4 [ARGS]` and keeps runs 2-4 (run 1 warms the JIT and torch up); at the end it
# prints each build's range and median over all rounds, and the median's ratio to the first build's.
#
#   benchmarks/scripts/compare-builds.sh VIDEO ROUNDS LAUNCHER[::ARGS] LAUNCHER[::ARGS]...
#
# LAUNCHER is a `videosim` launcher of a build (a clone's `./videosim`, with its cli/target/videosim.jar);
# `::ARGS` adds fingerprint options for that entry (e.g. `./videosim::--no-band-view`). Example, 2.1 against the
# working tree: git worktree add /tmp/v21 efe1cdc && (cd /tmp/v21 && mvn -q -o package -DskipTests), then
#   benchmarks/scripts/compare-builds.sh 480p.mp4 5 /tmp/v21/videosim ./videosim
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
video=$1
rounds=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for r in $(seq "$rounds"); do
  for entry in "$@"; do
    launcher=${entry%%::*}
    args=()
    [ "$entry" != "$launcher" ] && read -r -a args <<< "${entry#*::}"
    times=$("$launcher" fingerprint "$video" --repeat 4 "${args[@]}" 2>&1 | awk '/^run [234] /{print $3}' | tr '\n' ' ')
    [ -n "$times" ] || { echo "compare-builds: $entry printed no run times" >&2; exit 1; }
    echo "round $r  $entry  $times"
    for t in $times; do echo "$entry $t" >> "$out"; done
  done
done
python3 - "$out" "$@" <<'PY'
import statistics, sys
rows = [l.rstrip('\n').rsplit(' ', 1) for l in open(sys.argv[1])]
first = None
for entry in sys.argv[2:]:
    t = [float(v) for e, v in rows if e == entry]
    m = statistics.median(t)
    first = first or m
    print(f"{entry}: {len(t)} runs, {min(t):.2f}-{max(t):.2f} s, median {m:.2f} s, {m / first:.2f}x the first")
PY
