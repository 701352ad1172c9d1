#!/usr/bin/env bash
# Sends the `retry` signal to every failed provisioning job, as one batch operation.
# Usage: scripts/retry-all-failed.sh [requestedBy]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -le 1 ]] || die 'usage: scripts/retry-all-failed.sh [requestedBy]'
by="${1:-${USER:-admin}}"
query="$(jobs_query failed)"
input="$(retry_input "$by")"
count="$(temporal_client workflow count --query "$query" -o json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).count ?? 0))')"
if [[ "$count" == 0 ]]; then
  info 'no failed jobs: nothing to retry'
  exit 0
fi
info "temporal workflow signal --query '$query' --name retry --input '$input' --yes  ($count job(s))"
temporal_client workflow signal --query "$query" --name retry --input "$input" --reason "retry-all-failed by $by" --yes
info "retry sent to $count failed job(s) as a batch; check with scripts/failed-jobs.sh"
