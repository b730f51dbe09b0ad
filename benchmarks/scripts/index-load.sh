#!/usr/bin/env bash
# The persistent index under load for 10 minutes (LOAD_SECONDS=N to change): 16 readers (8 threads in the test JVM,
# 4 threads in each of 2 other processes) open the index read-only again and again and check what they see, while a
# writer process adds videos and compacts every 256 kB of log. Prints one line of figures; fails if any reader saw
# an error or any acknowledged video is missing at the end. `mvn -B verify` runs the same test for 15 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B verify -pl hashing -am -Dtest=IndexLoadTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvideosim.load.seconds="${LOAD_SECONDS:-600}" 2>&1 | grep -E "^index load:|Tests run:|FAIL|reader error|BUILD" | head -40
