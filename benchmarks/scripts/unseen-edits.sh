#!/usr/bin/env bash
# Edit families that the evaluation harness never makes, on held-out units: a check of generalisation beyond the
# harness's own list (issue 13). From the first video of each of UNITS (held-out units of
# evaluation/holdout-units.txt; 20 s at 480 px high) it makes, with ffmpeg, one query per edit:
#
#   negate        colours inverted                      hue180     hue turned half way, saturation x2
#   blend40       another video blended over at 40%     camcord    keystone, blur, grain, brighter (a filmed screen)
#   selfgrid      the video four times in a 2x2 grid    boomerang  the first 8 s, then the same backwards
#   slow025       a quarter of the speed                crop40flip 63% x 63% from the bottom-left corner, mirrored
#   pipsmall      the copy 200 px high (28%) in the top-right corner of unrelated 1280x720 footage
#   rot45         turned by 45 degrees, black corners   fps3       3 frames a second
#   kaleido       the left half beside its own mirror   vintage    sepia, vignette, grain
#   lowerthird    a solid banner over the lower 38%     shrunkwhite the copy at half size on a white canvas
#   rot90flipgray a quarter turn, mirrored, black and white
#
# The footage behind blend40 and pipsmall is BACKGROUND (another held-out unit). Scores every query against every
# reference with `videosim scores` and prints per edit how many copies score 0.88 or more, their scores, and the
# highest score of a non-copy pair with that edit; then the highest non-copies overall and the count at 0.88.
#
#   benchmarks/scripts/unseen-edits.sh VIDEOS [WORK] [-- SCORES-OPTIONS...]
#       (VIDEOS: the training folder, files named UNIT__name.mp4; WORK=/tmp/videosim-unseen-edits by default, whose
#       videos are kept between runs; UNITS="..." and BACKGROUND=unit choose the footage; VIDEOSIM=CMD scores with
#       another launcher, e.g. an older build's)
set -euo pipefail
cd "$(dirname "$0")/../.."
videos=${1:?usage: unseen-edits.sh VIDEOS [WORK] [-- SCORES-OPTIONS...]}
shift
work=/tmp/videosim-unseen-edits
if [ $# -gt 0 ] && [ "$1" != "--" ]; then work=$1; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
videosim=${VIDEOSIM:-./videosim}
units=${UNITS:-aa-cake ct-cat hamilton onepiece pv-archery sleap-dance aa-guitar mdn-friday}
background=${BACKGROUND:-vl-skatedog}
command -v ffmpeg >/dev/null || { echo "unseen-edits.sh needs ffmpeg (apt-get install ffmpeg)" >&2; exit 2; }
first() { find "$videos" -maxdepth 1 -name "$1__*.mp4" | sort | head -1; }
for u in $units $background; do
  grep -qE "^$u( |$)" evaluation/holdout-units.txt \
    || { echo "unseen-edits.sh: $u is not a held-out unit (evaluation/holdout-units.txt)" >&2; exit 2; }
  [ -n "$(first "$u")" ] || { echo "unseen-edits.sh: no $u__*.mp4 in $videos" >&2; exit 2; }
done
other=$(first "$background")
mkdir -p "$work/refs" "$work/queries"
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
x264=(-an -c:v libx264 -preset fast -pix_fmt yuv420p)
make() { # make EDIT ffmpeg-arguments...: the query of the current unit ($q), unless it is there
  local out="${q}__$1.mp4"
  shift
  [ -f "$out" ] || ff "$@" "${x264[@]}" "$out"
}
for u in $units; do
  r=$work/refs/$u.mp4
  [ -f "$r" ] || ff -i "$(first "$u")" -t 20 -vf "scale=-2:480" "${x264[@]}" "$r"
  q=$work/queries/$u
  make negate -i "$r" -vf negate
  make hue180 -i "$r" -vf "hue=h=180:s=2"
  make blend40 -i "$r" -stream_loop -1 -i "$other" -filter_complex \
    "[1:v]scale=854:480,setsar=1[b];[0:v]scale=854:480,setsar=1[a];[a][b]blend=all_mode=normal:all_opacity=0.4:shortest=1" \
    -t 20
  make camcord -i "$r" -vf "perspective=x0=W*0.08:y0=H*0.05:x1=W*0.95:y1=H*0.1:x2=W*0.02:y2=H*0.9:x3=W*0.9:y3=H*0.97,\
gblur=sigma=1.5,noise=alls=12:allf=t,eq=brightness=0.05:gamma=1.2"
  make selfgrid -i "$r" -filter_complex "[0:v]split=4[a][b][c][d];[a][b]hstack[t];[c][d]hstack[u];[t][u]vstack,scale=-2:480"
  make boomerang -i "$r" -filter_complex "[0:v]trim=0:8,setpts=PTS-STARTPTS,split[a][b];[b]reverse[r];[a][r]concat=n=2:v=1"
  make slow025 -i "$r" -vf "setpts=4*PTS" -t 40
  make crop40flip -i "$r" -vf "crop=iw*0.63:ih*0.63:0:ih*0.37,hflip,scale=-2:480"
  make pipsmall -stream_loop -1 -i "$other" -i "$r" -filter_complex \
    "[0:v]scale=1280:720,setsar=1[bg];[1:v]scale=-2:200[s];[bg][s]overlay=W-w-40:40:shortest=1" -t 20
  make rot45 -i "$r" -vf "rotate=PI/4:fillcolor=black"
  make fps3 -i "$r" -vf "fps=3"
  make kaleido -i "$r" -vf "crop=iw/2:ih:0:0,split[l][m];[m]hflip[f];[l][f]hstack"
  make vintage -i "$r" -vf "colorchannelmixer=.393:.769:.189:0:.349:.686:.168:0:.272:.534:.131,vignette,noise=alls=20:allf=t"
  make lowerthird -i "$r" -vf "drawbox=x=0:y=ih*0.62:w=iw:h=ih*0.38:color=navy@0.85:t=fill"
  make shrunkwhite -i "$r" -vf "scale=iw/2:ih/2,pad=iw*2:ih*2:iw/2:ih/2:color=white"
  make rot90flipgray -i "$r" -vf "transpose=1,hflip,eq=saturation=0"
done
$videosim scores --queries "$work/queries" --refs "$work/refs" --out "$work/scores.tsv" "$@" >&2
python3 - "$work/scores.tsv" <<'EOF'
import collections, csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter='\t'))[1:]
copies, others = collections.defaultdict(list), collections.defaultdict(list)
for q, ref, score, *_ in rows:
    unit, edit = q.split('__')
    s = float(score) if score != 'NA' else float('nan')
    (copies if unit == ref else others)[edit].append((s, q, ref))
found = 0
for edit in sorted(copies):
    c = sorted(s for s, _, _ in copies[edit])
    n = sum(s >= 0.88 for s in c)
    found += n
    print(f"{edit:14s} copies at 0.88: {n}/{len(c)}   scores {' '.join(f'{s:.2f}' for s in c)}"
          f"   highest non-copy {max(s for s, _, _ in others[edit]):.3f}")
top = sorted((x for v in others.values() for x in v), reverse=True)[:3]
print(f"all: {found} of {sum(len(v) for v in copies.values())} copies at 0.88; highest non-copies "
      + ", ".join(f"{s:.3f} ({q} vs {r})" for s, q, r in top))
EOF
