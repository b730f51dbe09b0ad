#!/usr/bin/env bash
# Copies cropped to the other orientation, which the evaluation harness does not make: a landscape video cropped to a
# phone's portrait frame (9:16 of its full height, 32% of a 16:9 picture), and a portrait video cropped to fill a
# landscape frame (16:9 of its full width). From the references of a benchmark that `videosim evaluate` built (its
# refs/*.mp4: held-out units), it makes five queries per reference with ffmpeg: the middle band (`centre`), the band
# moved a little (`off40`, `off60`: 0.4 and 0.6 of the way across the free width, a fifth of the band's width off the
# middle for 16:9) and far (`off25`, `off75`: a quarter and three quarters of the way, half the band's width: a
# re-framing that follows its subject), each scaled to 360x640 (or 640x360) and encoded again. Near-square references (within 1.2:1)
# are left out. Scores every query against every reference with `videosim scores` and prints, per kind and in all,
# how many copies score 0.88 or more (which needs a matched segment), the average precision over the kind's copies and
# every non-copy pair (ties counted against the copies), and the highest score of a non-copy pair. A WORK folder made
# for another benchmark is emptied first (both draws of the harness name their references R001...).
#
#   benchmarks/scripts/other-shape.sh BENCHMARK [WORK] [-- SCORES-OPTIONS...]
#       (WORK=/tmp/videosim-other-shape by default; VIDEOSIM=CMD scores with another launcher, e.g. an older build's;
#       options after -- go to `videosim scores`, e.g. -- --no-band-view)
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=${1:?usage: other-shape.sh BENCHMARK [WORK] [-- SCORES-OPTIONS...]}
shift
work=/tmp/videosim-other-shape
if [ $# -gt 0 ] && [ "$1" != "--" ]; then work=$1; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
videosim=${VIDEOSIM:-./videosim}
command -v ffmpeg >/dev/null || { echo "other-shape.sh needs ffmpeg (apt-get install ffmpeg)" >&2; exit 2; }
[ -d "$bench/refs" ] || { echo "other-shape.sh: $bench/refs not found (a benchmark made by videosim evaluate)" >&2; exit 2; }
bench_abs=$(cd "$bench" && pwd)
if [ -f "$work/benchmark" ] && [ "$(cat "$work/benchmark")" != "$bench_abs" ]; then
  rm -rf "$work/refs" "$work/queries"
fi
mkdir -p "$work/refs" "$work/queries"
echo "$bench_abs" > "$work/benchmark"
python3 - "$bench" "$work" <<'EOF'
import glob, os, subprocess, sys
bench, work = sys.argv[1], sys.argv[2]
def run(args):
    subprocess.run(['ffmpeg', '-nostdin', '-loglevel', 'error', '-y'] + args, check=True)
for ref in sorted(glob.glob(os.path.join(bench, 'refs', '*.mp4'))):
    name = os.path.basename(ref)[:-4]
    w, h = (int(v) for v in subprocess.run(
        ['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0',
         ref], capture_output=True, text=True, check=True).stdout.strip().split(','))
    if max(w, h) < 1.2 * min(w, h):
        continue
    link = os.path.join(work, 'refs', name + '.mp4')
    if not os.path.exists(link):
        os.symlink(os.path.abspath(ref), link)
    for kind, at in (('centre', 0.5), ('off40', 0.4), ('off60', 0.6), ('off25', 0.25), ('off75', 0.75)):
        out = os.path.join(work, 'queries', '%s_%s.mp4' % (name, kind))
        if os.path.exists(out):
            continue
        if w > h:  # a 9:16 band of the full height, placed `at` of the way across the free width
            vf = 'crop=trunc(ih*9/32)*2:ih:(iw-trunc(ih*9/32)*2)*%s:0,scale=360:640' % at
        else:      # a 16:9 band of the full width
            vf = 'crop=iw:trunc(iw*9/32)*2:0:(ih-trunc(iw*9/32)*2)*%s,scale=640:360' % at
        run(['-i', ref, '-vf', vf, '-c:v', 'libx264', '-crf', '23', '-pix_fmt', 'yuv420p', '-an', out])
EOF
"$videosim" scores --refs "$work/refs" --queries "$work/queries" --out "$work/scores.tsv" "$@" >&2
python3 - "$work/scores.tsv" <<'EOF'
import csv, collections, os, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
def stem(p):
    return os.path.basename(p).rsplit('.', 1)[0]
pairs, unscored = [], 0
for r in rows:
    q, ref = stem(r['query']), stem(r['reference'])
    try:
        score = float(r['score'])
    except ValueError:  # NA: a file that could not be read (videosim scores names it)
        unscored += 1
        continue
    pairs.append((q.rsplit('_', 1)[1], q.rsplit('_', 1)[0] == ref, score))
def ap(ps):
    ps = sorted(ps, key=lambda t: (-t[1], t[0]))
    n, tp, s = sum(y for y, _ in ps), 0, 0.0
    for i, (y, _) in enumerate(ps, 1):
        if y:
            tp += 1
            s += tp / i
    return s / n if n else float('nan')
negatives = [(False, sc) for _, y, sc in pairs if not y]
print('kind     copies  >=0.88  AP (against every non-copy)')
for kind in ('centre', 'off40', 'off60', 'off25', 'off75', 'all'):
    copies = [(True, sc) for k, y, sc in pairs if y and (kind == 'all' or k == kind)]
    print('%-8s %6d  %6d  %.3f' % (kind, len(copies), sum(sc >= 0.88 for _, sc in copies), ap(copies + negatives)))
print('highest non-copy: %s' % ('%.4f' % max(sc for _, sc in negatives) if negatives else 'none'))
if unscored:
    print('pairs not scored (a file could not be read): %d' % unscored)
EOF
