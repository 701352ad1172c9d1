#!/usr/bin/env bash
# Requests cancellation of a provisioning job: it compensates every created resource, then ends as cancelled.
# Usage: scripts/cancel-job.sh <jobId|tenantId>
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die 'usage: scripts/cancel-job.sh <jobId|tenantId>'
job="$(job_id_arg "$1")"
info "temporal workflow cancel --workflow-id $job"
temporal_client workflow cancel --workflow-id "$job"
info "cancellation requested for $job; follow the cleanup with scripts/describe-job.sh $job"
