/**
 * `cleanupOrphans`: deletes the orphans an `orphanScan` reported, durably, one at a time. Started by an admin from
 * the API, the CLI or the Temporal UI, never by a schedule.
 *
 * A dry run unless `dryRun: false` is given (then `requestedBy` is required). Each orphan of the chosen scan (the
 * latest by default) is re-checked by the `cleanupOrphan` activity just before it is acted on: still reported, no
 * live instance of its tenant in the store, no running or completed job of its tenant in Temporal, older than the
 * minimum age. At most `maxDeletions` deletions a run (ORPHAN_CLEANUP_MAX_DELETIONS, default 20); the rest are
 * reported `skipped_cap` for a later run. Every deletion is recorded in the store with who asked. A store that
 * contradicts Temporal fails the run at once (`StoreInconsistent`). Idempotent: deleting is delete-if-present and a
 * cleaned orphan is no longer `reported`.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CleanupOrphanResult, ProvisioningActivities } from '../activities/contract';
import type { CleanupOrphansInput, CleanupOrphansResult } from './contracts/admin-workflows';
import { adminProfile } from './activity-profiles';
import { FailureType } from './contracts/provision-tenant';
import { describeFailure } from './failures';

const { listOrphansForCleanup, cleanupOrphan } = proxyActivities<ProvisioningActivities>(adminProfile);

export async function cleanupOrphans(rawInput?: CleanupOrphansInput | null): Promise<CleanupOrphansResult> {
  const input = rawInput ?? {};
  const dryRun = input.dryRun !== false;
  const requestedBy = typeof input.requestedBy === 'string' ? input.requestedBy.trim() : '';
  if (!dryRun && requestedBy === '') {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: 'invalid cleanupOrphans input: requestedBy: required when dryRun is false (who asked is recorded)',
      nonRetryable: true,
      details: [{ fields: ['requestedBy'] }],
    });
  }
  if (input.maxDeletions !== undefined && !(Number.isInteger(input.maxDeletions) && input.maxDeletions > 0)) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: 'invalid cleanupOrphans input: maxDeletions: must be a positive integer',
      nonRetryable: true,
      details: [{ fields: ['maxDeletions'] }],
    });
  }
  const who = requestedBy || `dry run (${workflowInfo().workflowId})`;
  const listed = await listOrphansForCleanup(input.scanId ? { scanId: input.scanId } : {});
  const maxDeletions = Math.min(input.maxDeletions ?? listed.maxDeletions, listed.maxDeletions);
  const results: CleanupOrphanResult[] = [];
  let deleted = 0;
  for (const orphan of listed.orphans) {
    const base = { provider: orphan.provider, id: orphan.id, name: orphan.name, tenantId: orphan.tenantId };
    if (!dryRun && deleted >= maxDeletions) {
      results.push({ ...base, outcome: 'skipped_cap' });
      continue;
    }
    try {
      const result = await cleanupOrphan({
        scanId: listed.scanId ?? '',
        orphan,
        dryRun,
        requestedBy: who,
        minAgeMs: listed.minAgeMs,
      });
      if (result.outcome === 'deleted') deleted += 1;
      results.push(result);
    } catch (err) {
      // The store contradicting Temporal stops the whole run; any other failure is this orphan's alone.
      const cause = err instanceof ActivityFailure ? err.cause : err;
      if (cause instanceof ApplicationFailure && cause.type === FailureType.StoreInconsistent) throw cause;
      results.push({ ...base, outcome: 'failed', error: describeFailure(err, 0).error.message });
    }
  }
  return { scanId: listed.scanId, dryRun, requestedBy: who, maxDeletions, deleted, results };
}
