#!/usr/bin/env bash
# Lists provisioning jobs that failed and wait for a retry (or for the cleanup grace to pass).
# Usage: scripts/failed-jobs.sh [extra `temporal workflow list` flags, e.g. --limit 20 -o json]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

query="$(jobs_query failed)"
info "temporal workflow list --query '$query'"
temporal_client workflow list --query "$query" "$@"
