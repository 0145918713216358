#!/usr/bin/env bash
# End-to-end check: the action where users run it. Builds the image from the
# real Dockerfile with both builders, runs it under docker against the
# binary's own simulated org, and runs workflows that use the action under act
# (a GitHub Actions runner) — the way a runner loads action.yml, builds the
# image and reads outputs, annotations, masks and the job summary.
#
# Runs as root on a fresh Debian 12 machine that has nothing but Go: it
# installs Debian's docker.io and debootstrap, starts dockerd (and stops it by
# PID on exit), makes the base images that cannot be pulled here (no
# registry is reachable) and installs act at a pinned version. What the
# machine keeps between runs is cached under $E2E_CACHE: the base images as
# tarballs keyed by what they are made of, so a second run skips debootstrap.
#
# Usage: bash .ci/e2e.sh            (from anywhere; .ci/run calls it)
# Every check prints "e2e: ok …" or "e2e: FAIL …"; the script exits non-zero
# when any check failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Pinned: the runner (act) and what the base images are made of.
act_version=v0.2.89
suite=bookworm
cache=${E2E_CACHE:-/var/cache/salesforce-login-check-e2e}
# The Dockerfile's build stage, read from it so that the two never drift.
golang_image=$(awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; exit } }' Dockerfile)
runner_image=salesforce-login-check-e2e/runner:$suite
image=salesforce-login-check:e2e

started=$SECONDS
work=$(mktemp -d /tmp/slc-e2e.XXXXXX)
failures=0
pids=()

log() { printf 'e2e: %s\n' "$*"; }
ok() { log "ok   $*"; }
fail() {
  log "FAIL $*"
  failures=$((failures + 1))
}
# check NAME COMMAND…: one assertion; the command's output goes to the log
# only when it fails.
check() {
  local name=$1
  shift
  if "$@" >"$work/check.out" 2>&1; then
    ok "$name"
  else
    fail "$name"
    sed 's/^/    | /' "$work/check.out" | tail -40
  fi
}

cleanup() {
  local rc=$?
  set +e
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  if [[ -n ${E2E_KEEP:-} ]]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT

# ---------------------------------------------------------------- setup --

need_root() {
  if [[ $(id -u) != 0 ]]; then
    log "needs root (apt-get, dockerd, debootstrap)"
    exit 1
  fi
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$work/apt.log" 2>&1 ||
      { cat "$work/apt.log"; exit 1; }
  fi
}

# Debian's client: it speaks to dockerd 20.10 and has DOCKER_BUILDKIT=1. The
# machine's /usr/local/bin/docker (28.x, no buildx) is the classic builder.
docker() { /usr/bin/docker "$@"; }

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "dockerd already running"
    return
  fi
  log "starting dockerd"
  setsid /usr/sbin/dockerd >"$work/dockerd.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && return
    sleep 0.5
  done
  cat "$work/dockerd.log"
  log "dockerd did not start"
  exit 1
}

install_act() {
  act=$(go env GOPATH)/bin/act
  if [[ -x $act ]] && [[ $("$act" --version 2>/dev/null) == *"${act_version#v}"* ]]; then
    return
  fi
  log "installing act $act_version"
  GOFLAGS='' go install "github.com/nektos/act@$act_version"
}

# The Debian mirror this machine installs from (its apt sources), for
# debootstrap.
debian_mirror() {
  local m
  m=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian' | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# The base images: a minimal bookworm (the act runner), and the same with the
# Go toolchain and the module's dependencies baked in (the Dockerfile's build
# stage, tagged with the name its FROM uses). Built once, saved as tarballs
# named by a hash of what goes into them, loaded on later runs.
base_images() {
  local key goroot
  goroot=$(go env GOROOT)
  key=$( {
    echo "recipe 2 $suite $(debian_mirror)"
    go version
    cat go.sum
  } | sha256sum | cut -c1-16)
  local tarball=$cache/base-$key.tar
  mkdir -p "$cache"

  if [[ $(docker image inspect -f '{{index .Config.Labels "e2e.key"}}' "$golang_image" 2>/dev/null) == "$key" ]] &&
    docker image inspect "$runner_image" >/dev/null 2>&1; then
    log "base images up to date ($key)"
    return
  fi
  if [[ -f $tarball ]]; then
    log "loading base images from $tarball"
    docker load -i "$tarball" >/dev/null
    return
  fi

  log "making base images with debootstrap (first run on this machine)"
  local root=$work/rootfs
  debootstrap --variant=minbase "$suite" "$root" "$(debian_mirror)" >"$work/debootstrap.log" 2>&1 ||
    { tail -30 "$work/debootstrap.log"; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import \
    --change "LABEL e2e.key=$key" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$runner_image" >/dev/null

  # The Go toolchain of this machine, and a module cache holding exactly the
  # module's dependencies: a build in the image needs no network. A build
  # cache warmed with the standard library and the dependencies, compiled as
  # scripts/build.sh does (-trimpath makes it independent of the paths),
  # saves each image build a minute of compiling on two cores.
  mkdir -p "$root/usr/local/go" "$root/go/pkg/mod" "$root/root/.cache/go-build"
  cp -a "$goroot/." "$root/usr/local/go/"
  GOMODCACHE=$root/go/pkg/mod GOFLAGS=-modcacherw go mod download
  GOMODCACHE=$root/go/pkg/mod GOCACHE=$root/root/.cache/go-build GOFLAGS=-modcacherw CGO_ENABLED=0 \
    go build -trimpath -buildvcs=false -o /dev/null .
  tar -C "$root" -c . | docker import \
    --change "LABEL e2e.key=$key" \
    --change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV GOPATH=/go' \
    --change 'ENV GOPROXY=off' \
    --change 'ENV GOFLAGS=-mod=mod' \
    --change 'ENV GOTOOLCHAIN=local' \
    --change 'ENV GOCACHE=/root/.cache/go-build' \
    --change 'WORKDIR /go' \
    --change 'CMD ["bash"]' - "$golang_image" >/dev/null
  rm -rf "$root"

  rm -f "$cache"/base-*.tar
  docker save -o "$tarball.tmp" "$golang_image" "$runner_image"
  mv "$tarball.tmp" "$tarball"
  log "saved base images to $tarball ($(du -h "$tarball" | cut -f1))"
}

# ---------------------------------------------------------- the image --

build_images() {
  log "building the image with BuildKit (DOCKER_BUILDKIT=1, Debian's client)"
  check "BuildKit builds the Dockerfile" \
    env DOCKER_BUILDKIT=1 /usr/bin/docker build --build-arg VERSION=e2e -t "$image" .
  # The release builds linux/arm64 on amd64 runners. The local toolchain
  # image is amd64 only and nothing here can run arm64 code, so this build
  # passes only if the build stage runs natively and Go cross-compiles.
  check "BuildKit builds linux/arm64 by cross-compiling, without emulation" cross_build arm64 aarch64 b7
  log "building the image with the classic builder (the machine's 28.x client, no buildx)"
  check "the classic builder builds the Dockerfile" \
    env DOCKER_BUILDKIT=0 /usr/local/bin/docker build --build-arg VERSION=e2e -t "$image-classic" .
  # act sends the whole directory, .git included, ignoring .dockerignore.
  local ctx=$work/context
  mkdir -p "$ctx"
  git ls-files -z | xargs -0 cp --parents -t "$ctx"
  cp -a .git "$ctx/.git" 2>/dev/null || git -C "$ctx" init -q
  rm -f "$ctx/.dockerignore"
  check "the classic builder builds a context with .git and no .dockerignore (as act sends it)" \
    env DOCKER_BUILDKIT=0 /usr/local/bin/docker build -t "$image-context" "$ctx"
}

# cross_build ARCH NAME EM: builds the image for linux/ARCH with BuildKit and
# checks the binary's ELF machine byte (EM, hex) in it.
cross_build() {
  local arch=$1 name=$2 em=$3 dir=$work/cross-$1
  if grep -qs "^enabled" "/proc/sys/fs/binfmt_misc/qemu-$name"; then
    echo "qemu-$name is registered here: this check cannot tell cross-compiling from emulation"
    return 1
  fi
  DOCKER_BUILDKIT=1 /usr/bin/docker build --platform "linux/$arch" --build-arg VERSION=e2e -t "$image-$arch" . || return 1
  mkdir -p "$dir"
  docker save "$image-$arch" | tar -C "$dir" -x
  local layer
  for layer in "$dir"/*/layer.tar; do
    tar -C "$dir" -xf "$layer" salesforce-login-check 2>/dev/null || true
  done
  local got
  got=$(od -An -tx1 -j18 -N1 "$dir/salesforce-login-check" | tr -d ' ')
  [[ $got == "$em" ]] || { echo "ELF machine $got, want $em ($name)"; return 1; }
}

image_checks() {
  local size files
  size=$(docker image inspect -f '{{.Size}}' "$image")
  check "image is at most 10 MB ($size bytes)" test "$size" -le 10000000
  mkdir -p "$work/save"
  docker save "$image" | tar -C "$work/save" -x
  files=$(for layer in "$work"/save/*/layer.tar "$work"/save/blobs/sha256/*; do
    if [[ -f $layer ]]; then tar -tvf "$layer" 2>/dev/null || true; fi
  done | awk '$1 !~ /^d/ { print $NF }' | sort -u)
  check "image holds one file, the binary (got: $(echo "$files" | tr '\n' ' '))" test "$files" = salesforce-login-check
  check "version runs in the image" bash -c "/usr/bin/docker run --rm $image version | grep -q 'salesforce-login-check e2e'"
}

# gh_output FILE NAME: an output's value from a GITHUB_OUTPUT file, written
# as name=value or as a name<<DELIMITER heredoc.
gh_output() {
  awk -v want="$2" '
    delim != "" { if ($0 == delim) { delim = ""; if (name == want) { print value; exit } ; next }
                  value = (value == "" ? $0 : value "\n" $0); next }
    index($0, "<<") && (index($0, "=") == 0 || index($0, "<<") < index($0, "=")) {
      name = substr($0, 1, index($0, "<<") - 1); delim = substr($0, index($0, "<<") + 2); value = ""; next }
    index($0, "=") { if (substr($0, 1, index($0, "=") - 1) == want) { print substr($0, index($0, "=") + 1); exit } }
  ' "$1"
}

# expect_outputs FILE CODE WANT_CODE NAME=VALUE…: the exit code and outputs
# of a run in GitHub mode.
expect_outputs() {
  local file=$1 code=$2 want=$3 bad=0 kv got
  shift 3
  [[ $code == "$want" ]] || { echo "exit $code, want $want"; bad=1; }
  for kv in "$@"; do
    got=$(gh_output "$file" "${kv%%=*}")
    [[ $got == "${kv#*=}" ]] || { echo "output ${kv%%=*}=$got, want ${kv#*=}"; bad=1; }
  done
  ((bad == 0)) || { cat "$file"; return 1; }
}

# expect_log LOG CODE WANT_CODE PATTERN…: an act run's exit code, and each
# pattern (grep -E) in its log; the log's end when not.
expect_log() {
  local log=$1 code=$2 want=$3 bad=0 p
  shift 3
  [[ $code == "$want" ]] || { echo "act exited $code, want $want"; bad=1; }
  for p in "$@"; do
    grep -qE -- "$p" "$log" || { echo "not in the log: $p"; bad=1; }
  done
  ((bad == 0)) || { grep -v '::add-mask::' "$log" | tail -60; return 1; }
}

# ------------------------------------------------------ simulated org --

# simulate ARGS…: starts the binary's simulated org on a free loopback port
# and waits for its listing; sets sim_listing to the file holding it.
simulate() {
  local name=$1
  shift
  mkdir -p "$work/$name"
  # Port 0: the listing's URLs carry the port the system picked.
  (cd "$work/$name" && exec "$bin" simulate --addr 127.0.0.1:0 --dir "$work/$name/files" "$@" >listing 2>stderr) &
  pids+=($!)
  # The table is written in one flush, after its header line.
  for _ in $(seq 1 100); do
    [[ $(sed -n '/^CASE /,$p' "$work/$name/listing" 2>/dev/null | wc -l) -gt 1 ]] && break
    sleep 0.1
  done
  sim_listing=$work/$name/listing
}

# column FILE CASE NAME: the cell of column NAME (CASE, SF_LOGIN_URL,
# SETTINGS, EXPECTED) in CASE's row of a simulate listing. The columns are
# cut where the header's are, so cells may hold single spaces (SETTINGS).
column() {
  awk -v want="$2" -v col="$3" '
    /^CASE / { header = $0; n = split("CASE SF_LOGIN_URL SETTINGS EXPECTED", names, " ")
      for (i = 1; i <= n; i++) start[names[i]] = index(header, names[i])
      next }
    header != "" {
      name = substr($0, 1, start["SF_LOGIN_URL"] - 1); gsub(/ +$/, "", name)
      if (name != want) next
      from = start[col]; to = 0
      if (col == "CASE") to = start["SF_LOGIN_URL"]
      if (col == "SF_LOGIN_URL") to = start["SETTINGS"]
      if (col == "SETTINGS") to = start["EXPECTED"]
      cell = to ? substr($0, from, to - from) : substr($0, from)
      gsub(/^ +| +$/, "", cell); print cell; exit }
  ' "$1"
}

# case_env FILE CASE: the case's settings, one KEY=VALUE a line, with
# SF_LOGIN_URL and SF_ALLOW_CUSTOM_HOST=true.
case_env() {
  local url settings
  url=$(column "$1" "$2" SF_LOGIN_URL)
  settings=$(column "$1" "$2" SETTINGS)
  if [[ -z $url ]]; then
    log "simulate lists no case $2"
    return 1
  fi
  echo "SF_LOGIN_URL=$url"
  echo "SF_ALLOW_CUSTOM_HOST=true"
  tr ' ' '\n' <<<"$settings" | grep '='
}

# env_args FILE: docker run -e arguments for a KEY=VALUE file.
env_args() {
  local line
  while IFS= read -r line; do
    [[ -n $line ]] && printf -- '-e\n%s\n' "$line"
  done <"$1"
}

# json_field JSON KEY: a top-level string field of a single-org --json
# report (status and reason come before any finding's).
json_field() { grep -o "\"$2\": *\"[^\"]*\"" <<<"$1" | head -1 | sed 's/.*: *"//; s/"$//'; }

# run_case NAME CASE [docker args…] -- [check args…]: docker run the image
# against the case with --json; sets out and code.
run_case() {
  local case=$1
  shift
  local dargs=() cargs=()
  while (($#)) && [[ $1 != -- ]]; do
    dargs+=("$1")
    shift
  done
  (($#)) && shift
  cargs=("$@")
  case_env "$sim_listing" "$case" >"$work/$case.env"
  mapfile -t envs < <(env_args "$work/$case.env")
  set +e
  out=$(docker run --rm --network host "${envs[@]}" "${dargs[@]}" "$image" --json "${cargs[@]}" 2>"$work/$case.stderr")
  code=$?
  set -e
}

# verdict WANT_STATUS WANT_REASON WANT_EXIT: the last run_case's verdict.
verdict() {
  local status reason
  status=$(json_field "$out" status 2>/dev/null || true)
  reason=$(json_field "$out" reason 2>/dev/null || true)
  if [[ $status == "$1" && $reason == "$2" && $code == "$3" ]]; then
    return 0
  fi
  echo "got status=$status reason=$reason exit=$code, want $1 $2 $3"
  echo "$out"
  cat "$work"/*.stderr 2>/dev/null | tail -5
  return 1
}

docker_runs() {
  simulate http
  local expected
  for c in healthy token-missing password-wrong; do
    expected=$(column "$sim_listing" "$c" EXPECTED)
    run_case "$c"
    case $c in
      healthy) check "docker run: healthy org passes (warn $expected, exit 0)" verdict warn "$expected" 0 ;;
      token-missing) check "docker run: token missing fails ($expected, exit 1)" verdict fail "$expected" 1 ;;
      password-wrong) check "docker run: pinpoint with a wrong password ($expected, exit 1)" verdict fail "$expected" 1 ;;
    esac
  done

  # A login host that answers nothing: a port nobody listens on.
  run_case healthy -e SF_LOGIN_URL=http://127.0.0.1:9 --
  check "docker run: network error is inconclusive (exit 3)" verdict error network-error 3

  # HTTPS with the simulated org's own CA, mounted and named by SSL_CERT_FILE.
  simulate tls --tls
  local ca
  ca=$(sed -n 's/.*SSL_CERT_FILE=\([^ ]*\).*/\1/p' "$sim_listing" | head -1)
  check "simulate --tls names its CA file ($ca)" test -f "$ca"
  run_case healthy -v "$ca:/ca.pem:ro" -e SSL_CERT_FILE=/ca.pem --
  check "docker run: TLS with the CA mounted and SSL_CERT_FILE" verdict warn "$(column "$sim_listing" healthy EXPECTED)" 0
  run_case healthy -v "$ca:/ca.pem:ro" -e SSL_CERT_FILE=/ca.pem --user 65532:65532 --read-only --
  check "docker run: --user 65532:65532 --read-only, TLS, CA file as simulate wrote it" verdict warn "$(column "$sim_listing" healthy EXPECTED)" 0
  run_case healthy --
  check "docker run: TLS without the CA fails on the certificate (exit 3)" verdict error network-error 3
  run_case healthy -e SSL_CERT_FILE=/nonexistent.pem --
  # shellcheck disable=SC2016 # $1 is the inner shell's
  check "docker run: a missing SSL_CERT_FILE is a warning, not a silent fallback" \
    bash -c 'grep -q "\"tls-roots-unreadable\"" <<<"$1" && grep -q "SSL_CERT_FILE=/nonexistent.pem cannot be read" <<<"$1"' _ "$out"

  # docker stop while the org hangs after the login: the check must log its
  # session out and end cancelled.
  simulate stall
  stop_during_stall

  check "docker run: demo" bash -c "/usr/bin/docker run --rm $image demo >'$work/demo.out' && grep -q 'Healthy user' '$work/demo.out'"
}

stop_during_stall() {
  local c=stalled-after-login name=slc-e2e-stop-$$
  case_env "$sim_listing" "$c" >"$work/$c.env"
  mapfile -t envs < <(env_args "$work/$c.env")
  mkdir -p "$work/gh" && : >"$work/gh/output" && : >"$work/gh/summary"
  docker run -d --name "$name" --network host "${envs[@]}" -e SF_TIMEOUT=5m \
    -e GITHUB_ACTIONS=true -e GITHUB_OUTPUT=/gh/output -e GITHUB_STEP_SUMMARY=/gh/summary -v "$work/gh:/gh" \
    "$image" >/dev/null
  # In GitHub mode the session id is masked the moment the login returns it:
  # that line says the check now holds a session and waits on the org.
  local held=false
  for _ in $(seq 1 200); do
    if docker logs "$name" 2>&1 | grep -q '::add-mask::00D'; then
      held=true
      break
    fi
    sleep 0.1
  done
  docker stop -t 20 "$name" >/dev/null
  local code logs session
  code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
  logs=$(docker logs "$name" 2>&1)
  docker rm "$name" >/dev/null
  # The session id, from its mask (the raw form: 00D…!…).
  session=$(sed -n 's/^::add-mask::\(00D[^%]*![^ ]*\)$/\1/p' <<<"$logs" | head -1)
  check "docker stop: the check held a session when stopped" test "$held" = true -a -n "$session"
  check "docker stop: status error, reason cancelled, exit 3" \
    expect_outputs "$work/gh/output" "$code" 3 status=error reason=cancelled
  # The stalled org hangs every call on a live session and answers 401 once
  # the session is logged out.
  check "docker stop: the session was logged out (the org answers 401 on it)" \
    session_status_is "$(grep '^SF_LOGIN_URL=' "$work/$c.env" | cut -d= -f2-)" "$session" 401
}

# session_status_is URL SESSION WANT: the HTTP status the org at URL (plain
# http on loopback) gives a REST call on SESSION, read with bash's /dev/tcp;
# a call that hangs for 5 s fails.
session_status_is() {
  local hostport=${1#http://}
  hostport=${hostport%%/*}
  local line
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
  printf 'GET /services/data/v64.0/ HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\n\r\n' "$hostport" "$2" >&3
  line=$(timeout 5 head -1 <&3 || true)
  exec 3<&-
  [[ $line == "HTTP/"*" $3 "* ]] || { echo "got '${line%$'\r'}', want status $3"; return 1; }
}

# ---------------------------------------------------------------- act --

# act_run NAME WORKFLOW [act args…]: runs a workflow under act with the local
# runner image; the log goes to $work/act-NAME.log, the exit code to act_code.
act_run() {
  local name=$1 wf=$2
  shift 2
  set +e
  ACT_DISABLE_VERSION_CHECK=1 "$act" push -W "$wf" \
    -P "ubuntu-latest=$runner_image" --pull=false --action-offline-mode --no-cache-server \
    --container-daemon-socket - --env-file /dev/null --secret-file /dev/null --var-file /dev/null \
    "$@" >"$work/act-$name.log" 2>&1
  act_code=$?
  set -e
}

# act_settings CASE: --env and --var arguments carrying a case's settings:
# every setting as env (the action reads SF_* when an input is empty) and as
# a var of the same name, for workflows that pass inputs explicitly. Vars are
# not secrets: act masks secrets itself, which would hide whether the action
# masks what it must.
act_settings() {
  local line
  while IFS= read -r line; do
    [[ -z $line ]] && continue
    printf -- '--env\n%s\n--var\n%s\n' "$line" "$line"
  done < <(case_env "$sim_listing" "$1")
}

# setting CASE KEY: one setting of a case.
setting() { case_env "$sim_listing" "$1" | sed -n "s/^$2=//p"; }

act_runs() {
  simulate act
  local wf=.ci/e2e/workflows args password
  password=$(setting healthy SF_PASSWORD)

  mapfile -t args < <(act_settings healthy)
  act_run healthy "$wf/healthy.yml" "${args[@]}" --secret "SF_SECURITY_TOKEN=$(setting healthy SF_SECURITY_TOKEN)"
  check "act: a healthy org passes and a later step reads the outputs" \
    expect_log "$work/act-healthy.log" "$act_code" 0 'outputs: status=warn reason=flow-retiring org-id=00D'
  check "act: the job summary is written" \
    expect_log "$work/act-healthy.log" "$act_code" 0 'Summary - ## .*Salesforce login check: warn' '\| Reason \| flow-retiring \|'
  check "act: a password passed as a literal is masked in a later step's echo" \
    expect_log "$work/act-healthy.log" "$act_code" 0 'echoed password: \*\*\*$'
  # shellcheck disable=SC2016 # $1 and $2 are the inner shell's
  check "act: the password appears nowhere in the log" bash -c '! grep -qF -- "$1" "$2"' _ "$password" "$work/act-healthy.log"

  mapfile -t args < <(act_settings token-missing)
  act_run token-missing "$wf/failing.yml" "${args[@]}"
  check "act: token missing fails the step with an ::error annotation" \
    expect_log "$work/act-token-missing.log" "$act_code" 0 \
    'failing step outcome=failure reason=missing-security-token' '::error title=Security token missing'

  mapfile -t args < <(act_settings api-limit-low)
  act_run fail-on-warning "$wf/fail-on-warning.yml" "${args[@]}"
  check "act: fail-on-warning fails the step on a warning" \
    expect_log "$work/act-fail-on-warning.log" "$act_code" 0 'warning step outcome=failure status=warn'

  # Two orgs of the simulated org, each with its secrets passed through env:,
  # and one that cannot be reached.
  local multi=() line
  while IFS= read -r line; do multi+=(--secret "A_$line"); done < <(case_env "$sim_listing" healthy)
  while IFS= read -r line; do multi+=(--secret "B_$line"); done < <(case_env "$sim_listing" token-missing)
  act_run multi-org "$wf/multi-org.yml" "${multi[@]}"
  check "act: multi-org with secrets through env: a failure outranks an unreachable org" \
    expect_log "$work/act-multi-org.log" "$act_code" 0 \
    'multi outcome=failure status=fail reason=missing-security-token failed-orgs=b,c'

  # The demo job needs actions/setup-go, which fetches Go from the network.
  act_run self-test .github/workflows/self-test.yml -j action
  check "act: the repository's self-test.yml (job action) passes as it is" \
    expect_log "$work/act-self-test.log" "$act_code" 0 'Job succeeded'
}

# ---------------------------------------------------------------- main --

need_root
install_packages
start_dockerd
install_act
base_images
log "setup done in $((SECONDS - started)) s"

bin=$work/salesforce-login-check
OUT=$bin VERSION=e2e bash scripts/build.sh

build_images
image_checks
docker_runs
act_runs

# Images this run replaced (an older build of a tag) would pile up run after
# run; the tagged ones and docker's layer cache stay for the next run.
docker image prune -f >/dev/null || true

log "done in $((SECONDS - started)) s: $failures failed"
((failures == 0))
