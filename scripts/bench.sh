#!/usr/bin/env bash
# Whole-process benchmark of one check against a bare Go login, in one go.
# Builds the check as releases build it (scripts/build.sh: static,
# -trimpath, -s -w), the floor (fidelity/barelogin: a SOAP login() with
# simpleforce and nothing else, built the same way in the fidelity module,
# not the check's) and the runner (fidelity/bench). The runner serves the
# simulated org on loopback twice with the check's own `simulate` (plain
# HTTP and TLS) and runs, interleaved, RUNS times each (default 50):
#   - the bare Go login, over http and over TLS;
#   - the check with its probes off (login and logout only), over both;
#   - the full default check (login, the four probes, logout), over both;
# all with SSL_CERT_FILE = the system's bundle (SYSTEM_BUNDLE, default
# /etc/ssl/certs/ca-certificates.crt) plus the simulated org's CA. It prints
# median wall times (exec to exit), their ratio to the bare login over the
# same transport, when the last package init ran (GODEBUG=inittrace=1,
# separate runs) and the highest peak RSS. Nothing leaves loopback.
#
# Usage: [RUNS=50] [SYSTEM_BUNDLE=FILE] scripts/bench.sh
# The machine's load changes the figures: the script prints it first and
# last (uptime); compare only figures of one run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

OUT="$tmp/salesforce-login-check" scripts/build.sh
(
  cd fidelity
  CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/barelogin" ./barelogin
  go build -o "$tmp/bench" ./bench
)
echo "load before: $(uptime)"
"$tmp/bench" -check "$tmp/salesforce-login-check" -bare "$tmp/barelogin" -runs "${RUNS:-50}" \
  -bundle "${SYSTEM_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
echo "load after: $(uptime)"
