#!/usr/bin/env bash
# Sends the `retry` signal to one failed provisioning job: it resumes from the failed step.
# Usage: scripts/retry-job.sh <jobId|tenantId> [requestedBy]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -ge 1 && $# -le 2 ]] || die 'usage: scripts/retry-job.sh <jobId|tenantId> [requestedBy]'
job="$(job_id_arg "$1")"
input="$(retry_input "${2:-${USER:-admin}}")"
info "temporal workflow signal --workflow-id $job --name retry --input '$input'"
temporal_client workflow signal --workflow-id "$job" --name retry --input "$input"
info "retry sent to $job; follow it with scripts/describe-job.sh $job"
