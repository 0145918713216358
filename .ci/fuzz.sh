#!/usr/bin/env bash
# Runs every fuzz target of the module (func FuzzX in a _test.go file under
# check/, internal/ and simorg/) for a bounded time, one after the other, and stops at the first
# failure. The seed corpora run with every plain `go test`; this script looks
# for new failures.
#
# Usage: .ci/fuzz.sh            (from anywhere in the repository)
#   FUZZTIME          how long each target runs (default 10s)
#   FUZZMINIMIZETIME  time given to minimizing each new input (default 2s; Go's
#                     default of 60s can eat a whole short run, see below)
#
# A failing input is written to <package>/testdata/fuzz/FuzzX/<id>; go test
# prints the command that replays it. Commit it with the fix: it then runs as
# a regression test with every go test.
#
# Go 1.26's fuzz coordinator can end a run that found nothing with a bare
# "context deadline exceeded" at the -fuzztime boundary when a worker is slow
# to stop on a loaded machine (golang/go#75804, fixed in Go 1.27). A run that
# fails that way and wrote no failing input is run once more; any other
# failure, or that one twice, fails the script.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fuzztime="${FUZZTIME:-10s}"
# Each input that widens coverage is minimized before fuzzing goes on, for up
# to this long; with Go's default (60s) a 10s run can spend all its time
# minimizing one input and fuzz nothing.
minimizetime="${FUZZMINIMIZETIME:-2s}"

# Every "func FuzzX(" in a test file, as "dir FuzzX", in a stable order.
mapfile -t targets < <(
  grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' check/ internal/ simorg/ |
    sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\($#\1 \2#' |
    sort -u
)
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "fuzz: no fuzz targets found under check/, internal/ or simorg/" >&2
  exit 1
fi

echo "fuzz: ${#targets[@]} targets, ${fuzztime} each"
for target in "${targets[@]}"; do
  read -r dir name <<<"$target"
  echo "fuzz: ${name} in ./${dir}/"
  for try in 1 2; do
    log=$(mktemp)
    if go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" -fuzzminimizetime="$minimizetime" "./${dir}/" 2>&1 | tee "$log"; then
      rm -f "$log"
      break
    fi
    # The coordinator's shutdown race: nothing failed but the deadline.
    if [[ $try -eq 1 ]] && grep -q 'context deadline exceeded' "$log" &&
      ! grep -qE 'Failing input written to|panic:|_test\.go:[0-9]+:' "$log"; then
      rm -f "$log"
      echo "fuzz: ${name} stopped on Go's fuzztime deadline race (golang/go#75804) with no failing input; running it once more"
      continue
    fi
    rm -f "$log"
    exit 1
  done
done
echo "fuzz: ok"
