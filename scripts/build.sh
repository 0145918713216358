#!/usr/bin/env bash
# Builds the static salesforce-login-check binary. This is THE build: the
# Dockerfile, CI and the tests all call it, so a release image and a local
# binary are built the same way.
#
# Usage: [VERSION=v1.2.3] [OUT=path/to/binary] scripts/build.sh
#   VERSION  stamped into internal/version.Version (default: dev)
#   OUT      where the binary goes, relative to the caller's directory
#            (default: ./salesforce-login-check)
#   GOOS and GOARCH work as usual for a cross-build.
set -euo pipefail

out="${OUT:-salesforce-login-check}"
case "$out" in
  /*) ;;
  *) out="$PWD/$out" ;;
esac

# Build from the module root wherever the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# CGO_ENABLED=0: a static binary that runs in a scratch image.
# -trimpath, -s -w: no local paths, no symbol or debug tables.
# -buildvcs=false: the version comes from VERSION, not from git; a build
# context that carries .git without git's consent (act sends it, and a
# container's user may not own it) must not fail the build.
CGO_ENABLED=0 go build -trimpath -buildvcs=false \
  -ldflags "-s -w -X github.com/salesforce-login-check/salesforce-login-check/internal/version.Version=${VERSION:-dev}" \
  -o "$out" .
