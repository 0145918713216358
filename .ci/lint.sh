#!/usr/bin/env bash
# Lints the workflows (actionlint, with shellcheck over their run: scripts)
# and the Go code (golangci-lint with .golangci.yml, gofmt included).
#
# Usage: .ci/lint.sh            (from anywhere in the repository)
#   LINT_BIN  where the pinned tools are installed
#             (default: ${XDG_CACHE_HOME:-$HOME/.cache}/salesforce-login-check/bin)
#
# The tools come from the Go module proxy at pinned versions and are built
# once per version; changing a pin below reinstalls on the next run.
set -euo pipefail

readonly ACTIONLINT_VERSION=v1.7.12
readonly GOLANGCI_LINT_VERSION=v2.15.0

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin="${LINT_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/salesforce-login-check/bin}"
mkdir -p "$bin"

# install NAME VERSION PACKAGE: go install PACKAGE@VERSION into $bin, unless
# that exact version is already there.
install() {
  local name=$1 version=$2 pkg=$3
  local stamp="$bin/.$name.version"
  if [[ -x "$bin/$name" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then
    return
  fi
  echo "lint: installing $name $version"
  GOBIN="$bin" GOFLAGS=-mod=mod go install "$pkg@$version"
  echo "$version" >"$stamp"
}

install actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint
install golangci-lint "$GOLANGCI_LINT_VERSION" github.com/golangci/golangci-lint/v2/cmd/golangci-lint

# actionlint runs shellcheck over every run: script when shellcheck is on
# PATH. Install it where apt is usable (CI runs as root); go on without it
# elsewhere rather than fail.
if ! command -v shellcheck >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "lint: installing shellcheck"
  if ! { apt-get install -y -qq shellcheck >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq shellcheck >/dev/null 2>&1; }; }; then
    echo "lint: could not install shellcheck; run: scripts are not shellchecked" >&2
  fi
fi
shellcheck_flag=()
if ! command -v shellcheck >/dev/null 2>&1; then
  shellcheck_flag=(-shellcheck=)
fi

echo "lint: actionlint"
"$bin/actionlint" "${shellcheck_flag[@]}" .github/workflows/*.yml examples/*.yml .ci/e2e/workflows/*.yml

echo "lint: golangci-lint"
"$bin/golangci-lint" run ./...
# ./... stops at a nested module: the real-client module fidelity/ has its
# own go.mod (and the same .golangci.yml, found from its directory up).
(cd fidelity && "$bin/golangci-lint" run ./...)

echo "lint: ok"
