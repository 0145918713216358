#!/usr/bin/env bash
# Whole-process benchmark of a multi-org run (input orgs). Builds the binary
# the way releases are built (scripts/build.sh), then runs it, as a separate
# process, against a simulated org served by the test (one org with 200
# users, each login answered after 100 ms): 10 and 200 orgs, parallelism 8
# and 16, terminal and GitHub Actions output. Prints wall time, the ideal
# (orgs/parallelism × 100 ms), their ratio and the peak RSS of the process.
# Nothing external is started and nothing leaves loopback.
#
# Usage: scripts/bench-multiorg.sh
# The in-process benchmark is separate:
#   go test -run '^$' -bench MultiOrg200 -benchtime 3x ./check/cli/
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

OUT="$tmp/salesforce-login-check" scripts/build.sh
SFLC_BENCH_BINARY="$tmp/salesforce-login-check" \
  go test -run '^TestMultiOrgProcess$' -count=1 -v ./check/cli/ | grep -v -e '^=== ' -e '^--- ' -e '^PASS$' -e '^ok '
