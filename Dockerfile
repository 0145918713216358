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
# The build stage runs on the builder's own platform and cross-compiles for
# the target (TARGETOS/TARGETARCH), so a multi-arch build needs no emulation.
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build

WORKDIR /src

# Modules first: this layer stays cached while only the source changes.
COPY go.mod go.sum ./
RUN go mod download

# .dockerignore lets in only go.mod, go.sum, main.go, check/ and scripts/build.sh.
COPY . .

ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN GOOS="$TARGETOS" GOARCH="$TARGETARCH" VERSION="$VERSION" OUT=/out/salesforce-login-check \
    bash scripts/build.sh

# The final image holds the binary and nothing else: no shell, no package
# manager, no CA bundle. TLS roots come from the binary itself (main.go
# blank-imports golang.org/x/crypto/x509roots/fallback, used only when the
# system has no roots); SSL_CERT_FILE or SSL_CERT_DIR still win, for a
# corporate proxy's CA mounted into the container.
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
