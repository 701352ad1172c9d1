/**
 * `orphanScan`: finds provider resources that follow the tenant naming convention but that no live instance or
 * running job owns, older than a grace period, and stores the report (started by schedule `orphan-scan`, daily by
 * default, or on demand from the CLI/API). It only reports: cleanup is a separate, explicit admin action.
 * Idempotent: a scan ID is its workflow run.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProvisioningActivities, ScanOrphansResult } from '../activities/contract';

export interface OrphanScanInput {
  /** Only resources older than this are reported (default: the worker's ORPHAN_MIN_AGE). */
  minAgeMs?: number;
}

const { scanOrphans } = proxyActivities<ProvisioningActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function orphanScan(input?: OrphanScanInput | null): Promise<ScanOrphansResult> {
  const info = workflowInfo();
  return await scanOrphans({
    scanId: `${info.workflowId}:${info.runId}`,
    minAgeMs: input?.minAgeMs,
  });
}
