#!/usr/bin/env bash
# Landscape stacks: a layout the evaluation harness does not make (its stacks are phone-format, 360x640). For each
# landscape reference of a harness benchmark (`videosim evaluate` output, BENCHMARK/refs and manifest.json), makes a
# 640x360 query with ffmpeg: the middle 640x178 of the copy (scaled to 640 wide) above or below (alternately) the
# middle 640x178 of another landscape reference of another unit (the fifth one on, then the next of another unit),
# with a 4-px black seam, as long as the copy. Scores the queries against every reference with `videosim scores`
# and prints, over the pairs of each query with its copy's reference and with references of other units than both
# of its panels: average precision, how many copies rank first, how many copies and how many of the other panels'
# references score at least 0.88, and the highest other score.
#
#   benchmarks/scripts/stacks.sh BENCHMARK [WORK]     (WORK=/tmp/videosim-stacks by default; VIDEOSIM=CMD scores
#                                                     with another videosim launcher, e.g. an older build's)
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=${1:?usage: stacks.sh BENCHMARK [WORK]}
work=${2:-/tmp/videosim-stacks}
videosim=${VIDEOSIM:-./videosim}
command -v ffmpeg >/dev/null || { echo "stacks.sh needs ffmpeg (apt-get install ffmpeg)" >&2; exit 2; }
mkdir -p "$work/queries"
python3 - "$bench" "$work" <<'EOF'
import json, os, subprocess, sys
bench, work = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(bench, 'manifest.json')))
refs = []
for r in m['references']:
    out = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height',
                          '-of', 'csv=p=0', os.path.join(bench, r['file'])], capture_output=True, text=True,
                         check=True).stdout.strip()
    w, h = map(int, out.split(','))
    if h < w < 2 * h:
        refs.append(r)
pairs = {}
for i, r in enumerate(refs):
    j = (i + 5) % len(refs)
    while refs[j]['unit'] == r['unit']:
        j = (j + 1) % len(refs)
    o = refs[j]
    name = 'S%02d_%s' % (i, r['id'])
    pairs[name] = {'copy': r['id'], 'other': o['id']}
    copy, other = '[c]', '[o]'
    top, bottom = (copy, other) if i % 2 == 0 else (other, copy)
    graph = ('[0:v]scale=640:-2,crop=640:178,setsar=1[c];[1:v]scale=640:-2,crop=640:178,setsar=1[o];'
             + top + 'pad=640:182:0:0:black[t];[t]' + bottom + 'vstack[v]')
    out = os.path.join(work, 'queries', name + '.mp4')
    if not os.path.exists(out):
        subprocess.run(['ffmpeg', '-loglevel', 'error', '-y', '-i', os.path.join(bench, r['file']), '-stream_loop',
                        '-1', '-i', os.path.join(bench, o['file']), '-filter_complex', graph, '-map', '[v]', '-t',
                        str(r['duration']), '-c:v', 'libx264', '-crf', '23', '-pix_fmt', 'yuv420p', out], check=True)
json.dump(pairs, open(os.path.join(work, 'pairs.json'), 'w'), indent=1)
EOF
$videosim scores --refs "$bench/refs" --queries "$work/queries" --out "$work/scores.tsv" >&2
python3 - "$bench" "$work" <<'EOF'
import csv, json, os, sys
bench, work = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(bench, 'manifest.json')))
unit = {r['id']: r['unit'] for r in m['references']}
pairs = json.load(open(os.path.join(work, 'pairs.json')))
scored = []  # (score, is the copy's reference)
first = copies = others = 0
rows = list(csv.DictReader(open(os.path.join(work, 'scores.tsv')), delimiter='\t'))
for q, p in pairs.items():
    mine = [r for r in rows if os.path.splitext(r['query'])[0] == q]
    kept = [r for r in mine if r['reference'] == p['copy']
            or unit[r['reference']] not in (unit[p['copy']], unit[p['other']])]
    kept.sort(key=lambda r: -float(r['score']))
    first += kept[0]['reference'] == p['copy']
    for r in kept:
        scored.append((float(r['score']), r['reference'] == p['copy']))
    copies += any(r['reference'] == p['copy'] and float(r['score']) >= 0.88 for r in mine)
    others += any(r['reference'] == p['other'] and float(r['score']) >= 0.88 for r in mine)
scored.sort(key=lambda x: -x[0])
hits = ap = 0
for k, (s, copy) in enumerate(scored):
    if copy:
        hits += 1
        ap += hits / (k + 1)
ap /= max(1, hits)
worst = max((s for s, copy in scored if not copy), default=float('nan'))
print('%d stacks: AP %.3f, copy first %d, copies at 0.88 or more %d, other panels\' references %d, highest other '
      'score %.3f' % (len(pairs), ap, first, copies, others, worst))
EOF
