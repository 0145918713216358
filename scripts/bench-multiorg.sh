#!/usr/bin/env bash
# Whole-process benchmark of a multi-org run. Builds the binary the way
# releases are built (scripts/build.sh), then runs it, as a separate process,
# against a simulated org served by the test: one org with 1,000 users, each
# login answered after 100 ms, every tenth password wrong, SOAP login (so
# every org also gets the retirement warning), probes off. Runs: 1,000 orgs
# at parallelism 64 and 200 at 16 in GitHub Actions mode (annotations,
# outputs, job summary, masks), 200 at 16 in terminal mode, 10 at 8. The
# list reaches the binary as orgs-file (1,000 orgs do not fit one
# environment variable). Prints, per run, the best wall time of RUNS runs
# (default 3) over the ideal (orgs/parallelism × 100 ms) as x-ideal, that
# best time (best-s), the highest peak RSS (peak-MiB, VmHWM) and the bytes on
# stdout (stdout-KiB). Nothing external is started and nothing leaves
# loopback.
#
# Usage: [RUNS=5] scripts/bench-multiorg.sh
# The in-process benchmark (through cli.Run) is separate:
#   go test -run '^$' -bench MultiOrg -benchtime 3x -benchmem ./internal/cli/
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

OUT="$tmp/salesforce-login-check" scripts/build.sh
SFLC_BENCH_BINARY="$tmp/salesforce-login-check" \
  go test -run '^$' -bench '^BenchmarkMultiOrgProcess$' -benchtime "${RUNS:-3}x" ./internal/cli/ | grep -e '^Benchmark' -e '^cpu:' -e FAIL
