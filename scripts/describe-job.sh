#!/usr/bin/env bash
# Shows a provisioning job: its execution (status, search attributes) and its live progress (the `progress` query).
# Usage: scripts/describe-job.sh <jobId|tenantId>
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die 'usage: scripts/describe-job.sh <jobId|tenantId>'
job="$(job_id_arg "$1")"
info "temporal workflow describe --workflow-id $job"
temporal_client workflow describe --workflow-id "$job"
info "temporal workflow query --workflow-id $job --name progress"
temporal_client workflow query --workflow-id "$job" --name progress
