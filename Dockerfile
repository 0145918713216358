# The salesforce-login-check image: one static binary on scratch. It is the
# GitHub Action (action.yml), the `docker run` image, and nothing else.
#
# Build: docker build --build-arg VERSION=v1.2.3 -t salesforce-login-check .
# The Go build itself is scripts/build.sh, the same command CI and the tests run.

# Pinned by tag for development. At release, pin by digest as well
# (golang:1.26-bookworm@sha256:<digest>, from
# `docker buildx imagetools inspect golang:1.26-bookworm`), so a rebuilt release
# uses the exact same toolchain image.
#
# How each builder is served:
# - BuildKit (docker buildx, DOCKER_BUILDKIT=1, the release workflow) sets
#   TARGETOS and TARGETARCH for each target platform. The build stage runs on
#   the builder's own platform: BUILDPLATFORM where BuildKit passes it, else
#   the default below, "linux", a platform of only an OS, which takes the
#   builder's own architecture. Go cross-compiles for the target, so the
#   multi-arch release (linux/amd64, linux/arm64) needs no emulation
#   (.ci/e2e.sh builds linux/arm64 on amd64 with nothing to emulate it).
# - The classic builder (act, self-hosted runners and docker clients without
#   buildx) sets none of these, and refuses `FROM --platform=` with an empty
#   value. The default "linux" is the daemon's own platform, and empty
#   TARGETOS/TARGETARCH leave Go building for that same platform. In act the
#   classic builder also gets .git (act ignores .dockerignore):
#   scripts/build.sh builds with -buildvcs=false, so no VCS lookup can fail.
ARG BUILDPLATFORM=linux
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build

WORKDIR /src

# Modules first: this layer stays cached while only the source changes.
COPY go.mod go.sum ./
RUN go mod download

# .dockerignore lets in only go.mod, go.sum, main.go, check/, internal/, simorg/ and
# scripts/build.sh; a builder that ignores it sends the whole directory, which
# builds all the same.
COPY . .

ARG VERSION=dev
# Empty unless BuildKit sets them: Go then builds for the build stage's own
# platform, which is the classic builder's target.
ARG TARGETOS
ARG TARGETARCH
RUN GOOS="$TARGETOS" GOARCH="$TARGETARCH" VERSION="$VERSION" OUT=/out/salesforce-login-check \
    bash scripts/build.sh

# The final image holds the binary and nothing else: no shell, no package
# manager, no CA bundle. TLS roots come from the binary itself (the Mozilla
# roots of golang.org/x/crypto/x509roots/fallback/bundle, parsed by
# internal/tlsroots only when the system has none); SSL_CERT_FILE or SSL_CERT_DIR
# still win, for a corporate proxy's CA mounted into the container.
FROM scratch

ARG VERSION=dev
LABEL org.opencontainers.image.title="salesforce-login-check" \
      org.opencontainers.image.description="Checks Salesforce integration credentials with one real login and explains failures." \
      org.opencontainers.image.source="https://github.com/salesforce-login-check/salesforce-login-check" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"

COPY --from=build /out/salesforce-login-check /salesforce-login-check

# No USER line on purpose: as a GitHub Action the container writes the files
# behind GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, which the runner mounts under
# /github/file_commands owned by root. A non-root user could not write them and
# every output would be lost. For local use, `docker run --user 65532:65532`
# works, since the check itself needs no privilege.
ENTRYPOINT ["/salesforce-login-check"]
