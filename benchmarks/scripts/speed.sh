#!/usr/bin/env bash
# Fingerprinting against decoding, side by side on the same files (issue 18). Makes 60 s of H.264 at 30 fps in 480p,
# 720p and 1080p with ffmpeg (from SOURCE, a video scaled and looped to 60 s, or else ffmpeg's testsrc2 pattern; kept
# in WORK between runs), then runs, RUNS times each (default 3), interleaved so that load changes hit all alike:
#
#   ffmpeg -threads 2 -i F -f null -                     the decode baseline
#   videosim fingerprint F --encoder dct                 the training-free pipeline
#   videosim fingerprint F                               the default (svrtn)
#   videosim fingerprint F --repeat 4 [--encoder dct]    both again in one JVM that keeps its pipeline (the library's
#                                                        case): the median of runs 2-4
#
# each under /usr/bin/time -v (wall time of the whole process, JVM start and model load included, and peak resident
# memory), and prints the README's Performance table: median wall time, its ratio to the decode's median, peak memory,
# and the fingerprint's bytes per second; then the load average. The machine is shared: read the figures with it.
#
#   benchmarks/scripts/speed.sh [SOURCE]          (WORK=/tmp/videosim-speed RUNS=3 by default; VIDEOSIM=CMD times
#                                                 another videosim launcher, e.g. an older build's)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${WORK:-/tmp/videosim-speed}
runs=${RUNS:-3}
source_video=${1:-}
command -v ffmpeg >/dev/null || { echo "speed.sh needs ffmpeg (apt-get install ffmpeg)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "speed.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -f cli/target/videosim.jar ] || mvn -B -q -DskipTests package -pl cli -am >&2
mkdir -p "$work"

sizes="480p:854:480 720p:1280:720 1080p:1920:1080"
for s in $sizes; do
  IFS=: read -r name w h <<<"$s"
  f="$work/$name.mp4"
  [ -f "$f" ] && continue
  if [ -n "$source_video" ]; then
    input=(-stream_loop -1 -i "$source_video")
  else
    input=(-f lavfi -i "testsrc2=size=${w}x${h}:rate=30")
  fi
  ffmpeg -hide_banner -loglevel error -y "${input[@]}" -t 60 -an \
      -vf "scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,fps=30" \
      -c:v libx264 -preset medium -pix_fmt yuv420p "$f"
done

# one timed run: prints "wall_seconds peak_kb"
timed() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
      /Maximum resident set size/ { kb = $2 } END { printf "%.3f %d\n", s, kb }' "$log"
  rm -f "$log"
}

# the median of runs 2-4 of `videosim fingerprint F --repeat 4 --encoder ENCODER`, seconds
warm() {
  "${videosim[@]}" fingerprint "$1" --encoder "$2" --repeat 4 2>&1 | awk '/^run +[2-9]/ { print $3 }' | median
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

read -r -a videosim <<<"${VIDEOSIM:-$root/videosim}"
declare -A wall mem
for s in $sizes; do
  name=${s%%:*}
  f="$work/$name.mp4"
  for r in $(seq "$runs"); do
    for tool in decode dct svrtn dct-warm svrtn-warm; do
      case $tool in
        decode) out=$(timed ffmpeg -hide_banner -loglevel error -threads 2 -i "$f" -f null -) ;;
        dct) out=$(timed "${videosim[@]}" fingerprint "$f" --encoder dct --out "$work/$name-dct.fp") ;;
        svrtn) out=$(timed "${videosim[@]}" fingerprint "$f" --out "$work/$name-svrtn.fp") ;;
        # the library's case, a JVM that keeps its pipeline: runs 2-4 of --repeat 4 (median), no peak memory
        dct-warm|svrtn-warm) out="$(warm "$f" "${tool%-warm}") 0" ;;
      esac
      wall[$name-$tool]+="${out% *} "
      mem[$name-$tool]+="${out#* } "
      echo "run $r $name $tool: ${out% *} s, ${out#* } kB" >&2
    done
  done
done

echo "| 60 s of H.264, 30 fps | 480p | 720p | 1080p |"
echo "|---|---|---|---|"
row() { # label tool what
  local line="| $1 |"
  for s in $sizes; do
    name=${s%%:*}
    local t d m
    t=$(tr ' ' '\n' <<<"${wall[$name-$2]}" | grep . | median)
    d=$(tr ' ' '\n' <<<"${wall[$name-decode]}" | grep . | median)
    m=$(tr ' ' '\n' <<<"${mem[$name-$2]}" | grep . | sort -n | tail -1)
    case $3 in
      time) line+=$(awk -v t="$t" -v d="$d" 'BEGIN { printf " %.2f s (%.1fx) |", t, t / d }') ;;
      mem) line+=$(awk -v m="$m" 'BEGIN { printf " %.0f MB |", m * 1024 / 1e6 }') ;; # time -v gives KiB; MB = 10^6 bytes
      size) line+=$(awk -v b="$(stat -c %s "$work/$name-$2.fp")" 'BEGIN { printf " %.1f B/s |", b / 60 }') ;;
    esac
  done
  echo "$line"
}
row "\`ffmpeg -threads 2 -i F -f null -\`, median wall time" decode time
row "\`videosim fingerprint --encoder dct\`, median wall time (ratio to decode)" dct time
row "\`videosim fingerprint\` (svrtn), median wall time (ratio to decode)" svrtn time
row "in one JVM (the library's case): \`fingerprint --repeat 4 --encoder dct\`, median of runs 2-4" dct-warm time
row "in one JVM: \`fingerprint --repeat 4\` (svrtn), median of runs 2-4" svrtn-warm time
row "peak memory, ffmpeg" decode mem
row "peak memory, dct" dct mem
row "peak memory, svrtn" svrtn mem
row "fingerprint size, dct" dct size
row "fingerprint size, svrtn" svrtn size
echo
echo "runs: $runs per cell, interleaved; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
