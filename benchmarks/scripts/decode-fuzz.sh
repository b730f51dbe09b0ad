#!/usr/bin/env bash
# The decode fuzz: FILES (default 1000) mutations of real videos (truncated, bits flipped, container header words
# overwritten), each fingerprinted and scored against its original by both frame sources (FFmpeg and Humble). Prints,
# per source: clean errors, scored with a warning, scored clean, other failures (bugs), hangs, worst time.
#   benchmarks/scripts/decode-fuzz.sh ../shared/videos/train [FILES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC="${1:?usage: decode-fuzz.sh VIDEO_DIR [FILES] [SEED]}"
# the module jars, not the shaded benchmarks.jar: Humble finds its native library only in its own jar
mvn -B -q package dependency:build-classpath -DskipTests -pl benchmarks -am -Dmdep.outputFile=target/classpath.txt
java -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    org.videosim.benchmarks.DecodeFuzz "$SRC" "${2:-1000}" "${3:-16}" 2>/dev/null
