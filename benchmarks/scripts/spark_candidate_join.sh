#!/usr/bin/env bash
# Scale run of the Spark candidate join on synthetic clip codes (org.videosim.spark.CandidateJoinScale, in the spark
# module's test sources since Spark is a provided dependency there). Arguments go to it as key=value, e.g.
#   benchmarks/scripts/spark_candidate_join.sh clips=1000000 substrings=16 radius=15
# VIDEOSIM_JAVA_OPTS sets the JVM options (default -Xmx8g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
mvn -o -B -q -pl spark -am test-compile -Dcheckstyle.skip -Dmaven.javadoc.skip=true >&2
mvn -o -B -q -pl spark dependency:build-classpath -Dmdep.outputFile="$here/spark/target/scale-classpath.txt" \
  -Dmdep.includeScope=test >&2
# this checkout's modules first (the class path names the installed ones in ~/.m2)
own="$(for m in core hashing io-ffmpeg encoders dedup; do printf '%s:' "$here/$m/target/classes"; done)"
opens="$(sed -n 's:.*<spark.jvm.args>\(.*\)</spark.jvm.args>.*:\1:p' spark/pom.xml)"
# shellcheck disable=SC2086
exec java ${VIDEOSIM_JAVA_OPTS:--Xmx8g} $opens \
  -cp "spark/target/test-classes:spark/target/classes:$own$(cat spark/target/scale-classpath.txt)" \
  org.videosim.spark.CandidateJoinScale "$@"
