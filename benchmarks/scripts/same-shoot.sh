#!/usr/bin/env bash
# Same-camera look-alikes: other moments of one camera or one shoot, which the evaluation harness keeps out of its
# references (static cameras are distractor-only there, and the training folder's README calls such pairs ill-posed
# negatives). Nothing in this set is a copy. From a folder of UNIT__name videos (e.g. ../shared/videos/train), leaving
# out the units listed in EXCLUDE (evaluation/holdout-units.txt by default: the harness's units), it makes:
#   - for every file of at least 12 s, two moments with ffmpeg: 8 s (at most 35% of the file) from 10% of its length
#     as a reference and from 55% as a query;
#   - for every unit of several files shorter than that (e.g. one word per clip), its files alternately as references
#     and queries, whole.
# Then scores every query against every reference with `videosim scores` and prints, for the pairs of one unit (the
# look-alikes) and for the other pairs: how many, how many with a matched segment, how many at the threshold or more,
# the highest score, and each look-alike at the threshold or more.
#
#   benchmarks/scripts/same-shoot.sh VIDEOS [WORK]   (WORK=/tmp/videosim-same-shoot by default; EXCLUDE=FILE,
#                                                    THRESHOLD=0.88; VIDEOSIM=CMD scores with another launcher;
#                                                    extra arguments for `videosim scores` in SCORES_ARGS)
set -euo pipefail
cd "$(dirname "$0")/../.."
videos=${1:?usage: same-shoot.sh VIDEOS [WORK]}
work=${2:-/tmp/videosim-same-shoot}
exclude=${EXCLUDE:-evaluation/holdout-units.txt}
threshold=${THRESHOLD:-0.88}
videosim=${VIDEOSIM:-./videosim}
command -v ffmpeg >/dev/null || { echo "same-shoot.sh needs ffmpeg (apt-get install ffmpeg)" >&2; exit 2; }
mkdir -p "$work/refs" "$work/queries"
python3 - "$videos" "$work" "$exclude" <<'EOF'
import os, shutil, subprocess, sys
videos, work, exclude = sys.argv[1:4]
skip = set()
if exclude and os.path.exists(exclude):
    for line in open(exclude):
        line = line.split('#')[0].split()
        if line:
            skip.add(line[0])
files = sorted(f for f in os.listdir(videos) if '__' in f and not f.endswith('.md'))
short = {}
for f in files:
    unit = f.split('__')[0]
    if unit in skip:
        continue
    path = os.path.join(videos, f)
    d = float(subprocess.run(['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
                             capture_output=True, text=True, check=True).stdout.strip() or 0)
    stem = os.path.splitext(f)[0]
    if d >= 12:
        length = min(8, 0.35 * d)
        for start, side, suffix in ((0.10 * d, 'refs', 'a'), (0.55 * d, 'queries', 'b')):
            out = os.path.join(work, side, '%s-%s.mp4' % (stem, suffix))
            if not os.path.exists(out):
                subprocess.run(['ffmpeg', '-nostdin', '-loglevel', 'error', '-y', '-ss', '%.3f' % start, '-i', path,
                                '-t', '%.3f' % length, '-an', '-c:v', 'libx264', '-crf', '20', '-pix_fmt', 'yuv420p',
                                out], check=True)
    else:
        short.setdefault(unit, []).append(f)
for unit, fs in short.items():
    if len(fs) < 2:
        continue
    for k, f in enumerate(fs):
        out = os.path.join(work, 'refs' if k % 2 == 0 else 'queries', f)
        if not os.path.exists(out):
            shutil.copy(os.path.join(videos, f), out)
EOF
$videosim scores --refs "$work/refs" --queries "$work/queries" --out "$work/scores.tsv" \
    --segments "$work/segments.tsv" ${SCORES_ARGS:-} >&2
python3 - "$work" "$threshold" <<'EOF'
import csv, os, sys
work, threshold = sys.argv[1], float(sys.argv[2])
unit = lambda name: name.split('__')[0]
rows = list(csv.DictReader(open(os.path.join(work, 'scores.tsv')), delimiter='\t'))
with open(os.path.join(work, 'segments.tsv')) as f:
    segmented = {(r['query'], r['reference']) for r in csv.DictReader(f, delimiter='\t')}
for title, same in (('same camera or shoot', True), ('other units', False)):
    part = [r for r in rows if (unit(r['query']) == unit(r['reference'])) == same]
    high = sorted((r for r in part if float(r['score']) >= threshold), key=lambda r: -float(r['score']))
    print('%s: %d pairs, %d with a segment, %d at %.2f or more (%.1f%%), highest %.6f' % (
        title, len(part), sum((r['query'], r['reference']) in segmented for r in part), len(high), threshold,
        100.0 * len(high) / max(1, len(part)), max((float(r['score']) for r in part), default=float('nan'))))
    if same:
        for r in high:
            print('  %s  %s  %.6f' % (r['query'], r['reference'], float(r['score'])))
EOF
