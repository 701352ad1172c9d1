#!/usr/bin/env bash
# Runs Jest for `./temporal-dev.sh test` with two guarantees CI needs: a plain closing line (`jest: N passed, N
# failed`) and no hang when a test leaves a handle open (Jest then warns "did not exit one second after the test
# run"; this script stops it a while later and keeps the exit code the results call for).
# Sourced by temporal-dev.sh (after scripts/lib.sh).

# Seconds Jest may stay alive after writing its results.
TO_JEST_EXIT_GRACE=60

# run_jest ARGS...: returns Jest's exit code.
run_jest() {
  mkdir -p "$TO_ROOT/.temporal"
  local results killed_marker jest_pid watchdog_pid rc=0
  results="$(mktemp "$TO_ROOT/.temporal/jest-results.XXXXXX.json")"
  killed_marker="$results.killed"
  "$TO_ROOT/node_modules/.bin/jest" --runInBand --json --outputFile="$results" "$@" &
  jest_pid=$!
  # A background job ignores Ctrl-C in a script: pass interrupts on.
  trap 'kill -INT "$jest_pid" 2>/dev/null || true' INT
  trap 'kill -TERM "$jest_pid" 2>/dev/null || true' TERM
  jest_watchdog "$jest_pid" "$results" "$killed_marker" &
  watchdog_pid=$!
  while :; do
    rc=0
    wait "$jest_pid" || rc=$?
    kill -0 "$jest_pid" 2>/dev/null || break
  done
  trap - INT TERM
  kill "$watchdog_pid" 2>/dev/null || true
  wait "$watchdog_pid" 2>/dev/null || true
  local summary_rc=0
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
    process.exit(r.success ? 0 : 1);
  ' "$results" 2>/dev/null || summary_rc=$?
  if [[ -f "$killed_marker" ]]; then
    rc="$summary_rc"
  fi
  rm -f "$results" "$killed_marker"
  return "$rc"
}

# Stops Jest when it is still running TO_JEST_EXIT_GRACE seconds after it wrote its results.
jest_watchdog() {
  local pid="$1" results="$2" marker="$3"
  while kill -0 "$pid" 2>/dev/null; do
    if [[ -s "$results" ]]; then
      sleep "$TO_JEST_EXIT_GRACE"
      if kill -0 "$pid" 2>/dev/null; then
        warn "jest did not exit ${TO_JEST_EXIT_GRACE}s after its results: a test left a handle open (find it with --detectOpenHandles); stopping jest"
        touch "$marker"
        kill -TERM "$pid" 2>/dev/null || true
      fi
      return 0
    fi
    sleep 1
  done
}
