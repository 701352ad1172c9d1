#!/usr/bin/env bash
# Installs what the local stack and the tests need, into per-user caches shared by every clone and CI run.
# Sourced by temporal-dev.sh (after scripts/lib.sh). Every function is safe to run again: it skips what is there.

# npm dependencies, from the lockfile, when node_modules is missing.
ensure_node_modules() {
  [[ -d "$TO_ROOT/node_modules" ]] && return 0
  command -v npm >/dev/null || die 'npm is required (Node.js >= 20.15)'
  if [[ -f "$TO_ROOT/package-lock.json" ]]; then
    info 'installing npm dependencies (npm ci)'
    (cd "$TO_ROOT" && npm ci --no-audit --no-fund)
  else
    warn 'package-lock.json is missing: falling back to npm install'
    (cd "$TO_ROOT" && npm install --no-audit --no-fund)
  fi
}

# Sets and exports CHROMIUM_PATH for the status-page test (headless Chromium through playwright-core): the given
# binary, Debian's `chromium` on PATH, or `apt-get install chromium` when this runs as root on Debian (CI's fresh machine).
ensure_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    export CHROMIUM_PATH
    return 0
  fi
  local found
  if ! found="$(command -v chromium || command -v chromium-browser)"; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      info 'installing Debian chromium for the status-page test (apt-get install chromium)'
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 ||
        { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; } ||
        die 'apt-get install chromium failed (or set CHROMIUM_PATH to a Chromium binary)'
      found="$(command -v chromium)"
    else
      die 'Chromium is required by the status-page test: apt-get install chromium (or set CHROMIUM_PATH)'
    fi
  fi
  export CHROMIUM_PATH="$found"
}

# Go >= 1.25 is needed to build the CLI (go.mod of temporalio/cli v1.5.1 says go 1.25.0).
require_go() {
  command -v go >/dev/null || die "Go >= 1.25 is required to build the Temporal CLI $TO_CLI_VERSION (or set TEMPORAL_CLI to a temporal binary)"
  local version major minor
  version="$(go env GOVERSION)"
  version="${version#go}"
  major="${version%%.*}"
  minor="${version#*.}"
  minor="${minor%%.*}"
  minor="${minor%%[!0-9]*}"
  if ((major < 1 || (major == 1 && minor < 25))); then
    die "Go $version is too old: the Temporal CLI $TO_CLI_VERSION needs Go >= 1.25 (or set TEMPORAL_CLI to a temporal binary)"
  fi
}

# Sets and exports TEMPORAL_CLI: the given binary, or the cached build of temporalio/cli, built on first use.
ensure_temporal_cli() {
  if [[ -n "${TEMPORAL_CLI:-}" ]]; then
    [[ -x "$TEMPORAL_CLI" ]] || die "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file"
    export TEMPORAL_CLI
    return 0
  fi
  local bin_dir
  bin_dir="$(dirname "$TO_CLI_DEFAULT_PATH")"
  if [[ ! -x "$TO_CLI_DEFAULT_PATH" ]]; then
    require_go
    mkdir -p "$bin_dir"
    # One build at a time per user; a concurrent run waits and then finds the binary.
    exec 8>"$TO_CACHE_DIR/temporal-cli.lock"
    flock 8
    if [[ ! -x "$TO_CLI_DEFAULT_PATH" ]]; then
      info "building the Temporal CLI $TO_CLI_VERSION with go install (the first build takes about 5 minutes; cached afterwards in $bin_dir)"
      local staging
      staging="$(mktemp -d "$TO_CACHE_DIR/temporal-build.XXXXXX")"
      if ! GOBIN="$staging" go install "github.com/temporalio/cli/cmd/temporal@$TO_CLI_VERSION"; then
        rm -rf "$staging"
        die "go install github.com/temporalio/cli/cmd/temporal@$TO_CLI_VERSION failed"
      fi
      mv -f "$staging/temporal" "$TO_CLI_DEFAULT_PATH"
      rm -rf "$staging"
    fi
    flock -u 8
    exec 8>&-
  fi
  export TEMPORAL_CLI="$TO_CLI_DEFAULT_PATH"
}

# Sets and exports TEMPORAL_TEST_SERVER: a wrapper around the Java time-skipping test server from Maven Central.
ensure_test_server() {
  if [[ -n "${TEMPORAL_TEST_SERVER:-}" ]]; then
    [[ -x "$TEMPORAL_TEST_SERVER" ]] || die "TEMPORAL_TEST_SERVER=$TEMPORAL_TEST_SERVER is not an executable file"
    export TEMPORAL_TEST_SERVER
    return 0
  fi
  local dir="$TO_TEST_SERVER_DIR"
  local wrapper="$dir/temporal-test-server"
  if [[ ! -d "$dir/lib" || ! -f "$dir/cds.done" ]]; then
    command -v java >/dev/null || die 'Java (>= 11) is required for the time-skipping test server'
    mkdir -p "$dir"
    exec 9>"$dir.lock"
    flock 9
    [[ -d "$dir/lib" ]] || fetch_test_server "$dir"
    if [[ ! -f "$dir/cds.done" ]]; then
      build_test_server_archive "$dir"
      touch "$dir/cds.done"
    fi
    flock -u 9
    exec 9>&-
  fi
  write_test_server_wrapper "$dir" "$wrapper"
  export TEMPORAL_TEST_SERVER="$wrapper"
}

fetch_test_server() {
  local dir="$1"
  command -v mvn >/dev/null || die 'Maven is required to fetch io.temporal:temporal-test-server from Maven Central'
  info "fetching io.temporal:temporal-test-server:$TO_TEST_SERVER_VERSION and its dependencies from Maven Central"
  write_test_server_pom "$dir/pom.xml"
  rm -rf "$dir/lib.partial"
  if ! (cd "$dir" && mvn -q -B -f pom.xml dependency:copy-dependencies -DoutputDirectory=lib.partial \
    -DincludeScope=runtime >"$dir/mvn.log" 2>&1); then
    cat "$dir/mvn.log" >&2
    die "mvn dependency:copy-dependencies failed (log: $dir/mvn.log)"
  fi
  mv "$dir/lib.partial" "$dir/lib"
}

# JVM options of the test server. The SDK gives it 5 s to answer (hard-coded): C1-only JIT and serial GC start it
# faster, and a class-data-sharing archive of its classes (built once, below) brings the start to about a second.
TO_TEST_SERVER_JVM_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off)

# Runs the server once with -XX:ArchiveClassesAtExit to record the classes it loads (best effort: without the
# archive the server still works, only slower to start).
build_test_server_archive() {
  local dir="$1" port pid tries
  info 'recording a class-data-sharing archive of the test server (faster JVM start)'
  port=$((20000 + RANDOM % 10000))
  rm -f "$dir/server.jsa" "$dir/server.jsa.partial"
  java "${TO_TEST_SERVER_JVM_OPTS[@]}" -XX:ArchiveClassesAtExit="$dir/server.jsa.partial" \
    -cp "$dir/lib/*" io.temporal.testserver.TestServer "$port" >"$dir/cds.log" 2>&1 &
  pid=$!
  for ((tries = 0; tries < 600; tries++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  sleep 1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -s "$dir/server.jsa.partial" ]]; then
    mv "$dir/server.jsa.partial" "$dir/server.jsa"
  else
    rm -f "$dir/server.jsa.partial"
    warn "no class-data-sharing archive (see $dir/cds.log); the test server will start more slowly"
  fi
}

# The executable the SDK runs as `<wrapper> <port>`; rewritten (atomically) on every run so that option changes
# reach existing caches.
write_test_server_wrapper() {
  local dir="$1" wrapper="$2" partial="$2.$$.partial"
  # shellcheck disable=SC2016 # the generated script expands these, not this one
  {
    printf '#!/usr/bin/env bash\n'
    printf '# Temporal time-skipping test server %s (generated by temporal-dev.sh; the SDK passes the port).\n' \
      "$TO_TEST_SERVER_VERSION"
    printf 'dir=%q\n' "$dir"
    printf 'opts=(%s)\n' "${TO_TEST_SERVER_JVM_OPTS[*]}"
    printf 'if [[ -f "$dir/server.jsa" ]]; then opts+=("-XX:SharedArchiveFile=$dir/server.jsa"); fi\n'
    printf 'exec java "${opts[@]}" -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"\n'
  } >"$partial"
  chmod +x "$partial"
  mv "$partial" "$wrapper"
}

write_test_server_pom() {
  cat >"$1" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tenant-orchestrator</groupId>
  <artifactId>temporal-test-server-resolver</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TO_TEST_SERVER_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
}
