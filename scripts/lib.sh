#!/usr/bin/env bash
# shellcheck disable=SC2034 # variables used by the scripts that source this file
# Shared by temporal-dev.sh and the admin scripts in scripts/: paths, versions, messages, and how to reach Temporal.
# Source it; it defines functions and variables only and changes nothing.

TO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TO_CLI_VERSION='v1.5.1'
TO_TEST_SERVER_VERSION='1.31.0'
TO_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-orchestrator"
TO_CLI_DEFAULT_PATH="$TO_CACHE_DIR/temporal-$TO_CLI_VERSION/temporal"
TO_TEST_SERVER_DIR="$TO_CACHE_DIR/temporal-test-server-$TO_TEST_SERVER_VERSION"
# The contract's Keyword search attributes (workflows/contracts/search-attributes.ts).
TO_SEARCH_ATTRIBUTES=(TenantId ProvisioningStatus ProvisioningStep TenantPlan)

info() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Path of the temporal CLI: $TEMPORAL_CLI, else the per-user cache that ./temporal-dev.sh fills. Installs nothing.
temporal_cli() {
  local cli="${TEMPORAL_CLI:-$TO_CLI_DEFAULT_PATH}"
  [[ -x "$cli" ]] || die "temporal CLI not found at $cli (run ./temporal-dev.sh up once to build it, or set TEMPORAL_CLI)"
  printf '%s\n' "$cli"
}

# Runs a `temporal` client command against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (the worker's variables).
temporal_client() {
  local cli
  cli="$(temporal_cli)"
  "$cli" "$@" --address "${TEMPORAL_ADDRESS:-localhost:7233}" --namespace "${TEMPORAL_NAMESPACE:-default}"
}

# Visibility query of provisioning jobs in a given status.
jobs_query() {
  printf 'WorkflowType="provisionTenant" AND ProvisioningStatus="%s"' "$1"
}

# A job ID from an argument: `provision-<tenantId>` as given, or a bare tenant ID turned into its job ID.
job_id_arg() {
  local arg="${1:-}"
  [[ -n "$arg" ]] || die 'a job ID (provision-<tenantId>) is required'
  if [[ "$arg" == provision-* ]]; then
    printf '%s\n' "$arg"
  elif [[ "$arg" =~ ^[a-z0-9][a-z0-9-]{2,38}$ ]]; then
    printf 'provision-%s\n' "$arg"
  else
    die "not a job ID or tenant ID: $arg"
  fi
}

# The `retry` signal's argument, {"requestedBy": "..."}, as JSON.
retry_input() {
  local by="$1"
  [[ "$by" != *[[:cntrl:]]* ]] || die 'requestedBy must not contain control characters'
  by="${by//\\/\\\\}"
  by="${by//\"/\\\"}"
  printf '{"requestedBy":"%s"}\n' "$by"
}
