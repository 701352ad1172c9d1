#!/usr/bin/env bash
# Background services of the local stack: each runs in its own session (so Ctrl-C in the terminal reaches only this
# script, which stops them in order), logs to .temporal/logs/<name>.log and records its PID in .temporal/pids/<name>.pid.
# Sourced by temporal-dev.sh (after scripts/lib.sh).

TO_STATE_DIR="$TO_ROOT/.temporal"
TO_LOG_DIR="$TO_STATE_DIR/logs"
TO_PID_DIR="$TO_STATE_DIR/pids"
# Services this invocation started, in start order (stop_started stops them in reverse).
TO_STARTED=()

# Prints the PID of a running service; fails when it is not running.
service_pid() {
  local file="$TO_PID_DIR/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

service_running() { service_pid "$1" >/dev/null; }

# start_service NAME COMMAND...: starts COMMAND in the background unless NAME already runs.
start_service() {
  local name="$1"
  shift
  mkdir -p "$TO_LOG_DIR" "$TO_PID_DIR"
  if service_running "$name"; then
    info "$name already running (pid $(service_pid "$name"))"
    return 0
  fi
  setsid "$@" >"$TO_LOG_DIR/$name.log" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$TO_PID_DIR/$name.pid"
  TO_STARTED+=("$name")
  info "started $name (pid $!, log .temporal/logs/$name.log)"
}

# stop_service NAME: SIGTERM to the service, SIGKILL to its whole process group if it is still there after 20 s.
stop_service() {
  local name="$1" pid
  if ! pid="$(service_pid "$name")"; then
    rm -f "$TO_PID_DIR/$name.pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 -- "-$pid" 2>/dev/null && ((waited < 200)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    warn "$name did not stop within 20 s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$TO_PID_DIR/$name.pid"
  info "stopped $name"
}

forget_started() {
  local kept=() name
  for name in "${TO_STARTED[@]}"; do [[ "$name" == "$1" ]] || kept+=("$name"); done
  TO_STARTED=("${kept[@]}")
}

stop_started() {
  local i
  for ((i = ${#TO_STARTED[@]} - 1; i >= 0; i--)); do
    stop_service "${TO_STARTED[$i]}"
  done
  TO_STARTED=()
}

# wait_until NAME SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.5 s; fails (with the log's tail) when the
# service NAME exits or the time is up.
wait_until() {
  local name="$1" seconds="$2" description="$3"
  shift 3
  local tries=$((seconds * 2)) i
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! service_running "$name"; then
      tail -n 30 "$TO_LOG_DIR/$name.log" >&2 || true
      die "$name exited before it was $description (log: .temporal/logs/$name.log)"
    fi
    sleep 0.5
  done
  tail -n 30 "$TO_LOG_DIR/$name.log" >&2 || true
  die "$name was not $description within ${seconds}s (log: .temporal/logs/$name.log)"
}

http_ok() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

log_has() {
  grep -q -- "$2" "$TO_LOG_DIR/$1.log" 2>/dev/null
}
