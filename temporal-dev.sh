#!/usr/bin/env bash
# The local stack of the tenant orchestrator: installs what is missing, starts Temporal + sandbox + worker + HTTP API,
# runs the demo and the tests. Safe to run twice. Usage: ./temporal-dev.sh help
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/scripts/lib.sh"
# shellcheck source=scripts/dev/install.sh
source "$TO_ROOT/scripts/dev/install.sh"
# shellcheck source=scripts/dev/processes.sh
source "$TO_ROOT/scripts/dev/processes.sh"
# shellcheck source=scripts/dev/jest.sh
source "$TO_ROOT/scripts/dev/jest.sh"
cd "$TO_ROOT"

TEMPORAL_PORT=7233
TEMPORAL_UI_PORT=8233
API_PORT="${API_PORT:-3000}"
SANDBOX_PORT="${SANDBOX_PORT:-4010}"
# The worker's /metrics (our series and the Temporal SDK's), for Prometheus to scrape.
WORKER_METRICS_PORT="${WORKER_METRICS_PORT:-9464}"
TSX="$TO_ROOT/node_modules/.bin/tsx"
SERVICES=(temporal sandbox worker api)

usage() {
  cat <<'USAGE'
Usage: ./temporal-dev.sh <command>

  up [--detach]   start Temporal (UI on :8233), the provider sandbox, the worker and the HTTP API;
                  stays in the foreground tailing the logs (Ctrl-C stops what it started) unless --detach
  start           same as up --detach
  demo            start the stack if needed and provision a demo tenant with a live progress bar
  test [ARGS]     run the test suite (jest --runInBand ARGS) against a throwaway Temporal dev server
                  (or against TEMPORAL_ADDRESS when it is set)
  status          show what runs and the URLs
  down            stop everything up started
USAGE
}

# temporal server start-dev arguments shared by the stack and the test server.
dev_server_args() {
  local args=(server start-dev --namespace default --dynamic-config-value frontend.enableServerVersionCheck=false)
  local name
  for name in "${TO_SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$name=Keyword"); done
  printf '%s\n' "${args[@]}"
}

# Registers the contract's search attributes (idempotent). Needed because `--search-attribute` only applies to
# namespaces created at launch: a dev.db from an earlier run would otherwise miss attributes added since.
register_search_attributes() {
  local address="$1" args=() name
  for name in "${TO_SEARCH_ATTRIBUTES[@]}"; do args+=(--name "$name" --type Keyword); done
  "$TEMPORAL_CLI" operator search-attribute create --address "$address" --namespace default "${args[@]}" >/dev/null
}

temporal_healthy() {
  "$TEMPORAL_CLI" operator cluster health --address "$1" >/dev/null 2>&1 &&
    "$TEMPORAL_CLI" workflow list --address "$1" --namespace default --limit 1 >/dev/null 2>&1
}

# Fails when PORT is taken by something this script did not start as SERVICE.
require_free_port() {
  local service="$1" port="$2"
  if ! service_running "$service" && port_in_use "$port"; then
    die "port $port is in use by another process (needed by $service); stop it or run ./temporal-dev.sh down"
  fi
}

print_urls() {
  cat <<URLS

  Temporal UI   http://localhost:$TEMPORAL_UI_PORT
  Temporal gRPC localhost:$TEMPORAL_PORT (namespace default, task queue tenant-provisioning)
  HTTP API      http://localhost:$API_PORT
  OpenAPI       http://localhost:$API_PORT/openapi.json
  Metrics       http://localhost:$WORKER_METRICS_PORT/metrics (worker, no token)
                http://localhost:$API_PORT/metrics (API, Authorization: Bearer <token>)
  API tokens    .data/dev-credentials.json (admin, brain, viewer): Authorization: Bearer <token>
  Sandbox       http://localhost:$SANDBOX_PORT/_sandbox/inventory
  Logs          .temporal/logs/   (PIDs in .temporal/pids/)

URLS
}

cmd_up() {
  local detach=false
  case "${1:-}" in
    --detach | -d) detach=true ;;
    '') ;;
    *) die "unknown option for up: $1" ;;
  esac
  ensure_node_modules
  ensure_temporal_cli
  mkdir -p .temporal .data
  require_free_port temporal "$TEMPORAL_PORT"
  require_free_port temporal "$TEMPORAL_UI_PORT"
  require_free_port sandbox "$SANDBOX_PORT"
  require_free_port api "$API_PORT"
  require_free_port worker "$WORKER_METRICS_PORT"
  trap stop_started EXIT

  local address="127.0.0.1:$TEMPORAL_PORT" server_args
  mapfile -t server_args < <(dev_server_args)
  start_service temporal "$TEMPORAL_CLI" "${server_args[@]}" --db-filename .temporal/dev.db \
    --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
  wait_until temporal 60 'serving' temporal_healthy "$address"
  register_search_attributes "$address"

  export TEMPORAL_ADDRESS="$address" TEMPORAL_NAMESPACE=default API_PORT SANDBOX_PORT
  # The one place the stack creates its store: every process refuses to open a missing store file.
  "$TSX" client/cli/main.ts store init >/dev/null || die 'creating the store (.data/brain.sqlite) failed'
  start_service sandbox env SANDBOX_STATE_FILE=.data/sandbox-state.json "$TSX" sandbox/main.ts
  wait_until sandbox 60 'answering' http_ok "http://127.0.0.1:$SANDBOX_PORT/_sandbox/inventory"
  # The worker loads a prebuilt workflow bundle, as in production: it polls sooner and leaves no webpack in memory.
  # Built fresh by every `up` that starts the worker, so it never runs stale workflow code.
  local bundle="$TO_STATE_DIR/workflow-bundle.js"
  if ! service_running worker; then
    info 'bundling workflows/ for the worker (npm run build:workflows)'
    "$TSX" worker/build-workflow-bundle.ts "$bundle" >&2 || die 'bundling workflows/ failed (see above)'
  fi
  start_service worker env WORKFLOW_BUNDLE_PATH="$bundle" WORKER_METRICS_PORT="$WORKER_METRICS_PORT" "$TSX" worker/main.ts
  wait_until worker 120 'polling' log_has worker '"msg":"worker running"'
  # Dev mode: one credential per role in .data/dev-credentials.json (kept across restarts); the API gets their hashes.
  local credentials
  credentials="$("$TSX" scripts/dev-credentials.ts dev .data/dev-credentials.json)" ||
    die 'generating the dev API credentials failed (see above)'
  start_service api env API_CREDENTIALS="$credentials" "$TSX" client/api/main.ts
  wait_until api 60 'answering' http_ok "http://127.0.0.1:$API_PORT/openapi.json"
  info 'ensuring schedules'
  "$TSX" scripts/ensure-schedules.ts

  print_urls
  if $detach; then
    TO_STARTED=()
    info 'running in the background: ./temporal-dev.sh status | down'
    return 0
  fi
  follow_logs
}

# Foreground part of `up`: tails the logs, reports a service that exits, stops what this run started on Ctrl-C, and
# returns once no service of the stack runs any more (e.g. after `./temporal-dev.sh down` from another terminal).
follow_logs() {
  local logs=() name
  for name in "${SERVICES[@]}"; do logs+=("$TO_LOG_DIR/$name.log"); done
  info 'tailing the logs; Ctrl-C stops what this command started'
  tail -n 0 -F "${logs[@]}" &
  local tail_pid=$!
  trap 'kill "$tail_pid" 2>/dev/null || true; stop_started; exit 130' INT TERM
  local reported=() running
  while sleep 1; do
    running=0
    for name in "${SERVICES[@]}"; do
      if service_running "$name"; then
        running=$((running + 1))
      elif [[ " ${TO_STARTED[*]-} " == *" $name "* && " ${reported[*]-} " != *" $name "* ]]; then
        warn "$name exited (see .temporal/logs/$name.log)"
        reported+=("$name")
      fi
    done
    if ((running == 0)); then
      kill "$tail_pid" 2>/dev/null || true
      info 'every service of the stack has stopped (./temporal-dev.sh down?); exiting'
      TO_STARTED=()
      return 0
    fi
  done
}

cmd_down() {
  local i
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop_service "${SERVICES[$i]}"; done
}

cmd_status() {
  local name pid
  for name in "${SERVICES[@]}"; do
    if pid="$(service_pid "$name")"; then
      printf '  %-8s running (pid %s)\n' "$name" "$pid"
    else
      printf '  %-8s stopped\n' "$name"
    fi
  done
  print_urls
}

cmd_demo() {
  cmd_up --detach
  local suffix tenant
  suffix="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
  tenant="demo-$suffix"
  info "provisioning demo tenant $tenant"
  local rc=0
  "$TSX" client/cli/main.ts provision --tenant-id "$tenant" --name "Demo $suffix" --plan pro \
    --owner-email "owner@$tenant.example.com" --owner-name 'Demo Owner' --requested-by "${USER:-demo}" || rc=$?
  cat <<DEMO

  Job in the Temporal UI: http://localhost:$TEMPORAL_UI_PORT/namespaces/default/workflows/provision-$tenant
  Filter jobs in the UI:  ProvisioningStatus="completed"  (or "failed", "running"), e.g.
    http://localhost:$TEMPORAL_UI_PORT/namespaces/default/workflows?query=ProvisioningStatus%3D%22completed%22
  Sent emails and created resources: http://localhost:$SANDBOX_PORT/_sandbox/inventory
  Stop the stack: ./temporal-dev.sh down

DEMO
  return "$rc"
}

# Starts an in-memory, headless dev server for the tests on the first free port from 17233; sets TEMPORAL_ADDRESS.
start_test_server() {
  local port server_args name tries
  mapfile -t server_args < <(dev_server_args)
  for ((port = 17233; port < 17333; port++)); do
    port_in_use "$port" && continue
    name="test-server-$port"
    start_service "$name" "$TEMPORAL_CLI" "${server_args[@]}" --port "$port" --ip 127.0.0.1 --headless
    for ((tries = 0; tries < 120; tries++)); do
      if temporal_healthy "127.0.0.1:$port"; then
        export TEMPORAL_ADDRESS="127.0.0.1:$port"
        info "test Temporal server on $TEMPORAL_ADDRESS"
        return 0
      fi
      service_running "$name" || break
      sleep 0.5
    done
    # Lost a race for the port, or a slow start: clean up and try the next port.
    stop_service "$name"
    forget_started "$name"
  done
  die 'could not start a Temporal dev server for the tests (ports 17233-17332)'
}

cmd_test() {
  ensure_node_modules
  ensure_temporal_cli
  ensure_test_server
  ensure_chromium
  trap stop_started EXIT
  if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then
    start_test_server
  else
    info "tests use the Temporal server at $TEMPORAL_ADDRESS"
  fi
  export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
  run_jest "$@"
}

main() {
  local command="${1:-help}"
  shift || true
  case "$command" in
    up) cmd_up "$@" ;;
    start) cmd_up --detach ;;
    down | stop) cmd_down ;;
    status) cmd_status ;;
    demo) cmd_demo ;;
    test) cmd_test "$@" ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
