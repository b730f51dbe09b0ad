#!/usr/bin/env bash
# The main job on a real video pair that the project provides itself:
#   a film clip from Debian's opencv-doc package (Megamind.avi), an edited copy that videosim makes of it
#   (cropped to 90%, mirrored, black and white, a caption, 1.25x faster), a portrait re-upload and a turned copy of it,
#   and an unrelated clip from the same package.
# Writes a visual report of each comparison into demo/ (copy-report.html/.png, unrelated-report.html/.png).
# Needs Debian's apt (for `apt-get download`, no root needed) and a JDK 17 + Maven; builds videosim if needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/demo"
mkdir -p "$work"
cd "$work"
if [ ! -f data/Megamind.avi ]; then
  echo "== fetching Debian's opencv-doc package (sample videos)" >&2
  apt-get download opencv-doc >/dev/null 2>&1 || { echo "apt-get download opencv-doc failed" >&2; exit 1; }
  dpkg-deb -x opencv-doc_*.deb pkg
  mkdir -p data
  cp pkg/usr/share/doc/opencv-doc/examples/data/Megamind.avi pkg/usr/share/doc/opencv-doc/examples/data/tree.avi data/
  rm -rf pkg opencv-doc_*.deb
fi
videosim="$here/videosim"
echo "== making an edited copy: crop to 90%, mirror, black and white, caption, 1.25x speed" >&2
"$videosim" edit data/Megamind.avi copy.mp4 --crop 0.05,0.05,0.95,0.95 --hflip --gray --text "REUPLOAD" --speed 1.25
echo
echo "== Megamind.avi vs its edited copy (expected: a copy)"
"$videosim" compare data/Megamind.avi copy.mp4 --report copy-report.html --report-png copy-report.png
echo "(visual report: $work/copy-report.html and .png)" >&2
echo
echo "== Megamind.avi vs a portrait re-upload: its middle 9:16, as a phone app crops it (expected: a copy)"
"$videosim" edit data/Megamind.avi portrait.mp4 --crop 0.294,0,0.706,1 >&2
"$videosim" compare data/Megamind.avi portrait.mp4
echo
echo "== Megamind.avi vs a copy turned by 35 degrees, black in the corners (expected: a copy)"
"$videosim" edit data/Megamind.avi turned.mp4 --rotate -35 >&2
"$videosim" compare data/Megamind.avi turned.mp4
echo
echo "== Megamind.avi vs tree.avi (expected: not a copy)"
"$videosim" compare data/Megamind.avi data/tree.avi --report unrelated-report.html --report-png unrelated-report.png
echo "(visual report: $work/unrelated-report.html and .png)" >&2
echo
echo "== the edited copy and the unrelated clip with the training-free pipeline (--encoder dct)"
"$videosim" compare data/Megamind.avi copy.mp4 --encoder dct
"$videosim" compare data/Megamind.avi data/tree.avi --encoder dct
