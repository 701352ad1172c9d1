/** A job's progress: the `progress` query, or the store projection when Temporal no longer knows the job. */
import type { ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import type { Logger } from '../../common/logging';
import { ClientErrorCode, errorCode } from '../lib/errors';
import type { TenantProvisioningClient } from '../lib/provisioning-client';
import type { ApiDeps } from './deps';

export interface SourcedProgress {
  progress: ProvisioningProgress;
  source: 'temporal' | 'store';
}

/** Throws the client's error (job_not_found, progress_unavailable) when neither can answer. */
export async function readJobProgress(
  deps: Pick<ApiDeps, 'store'>,
  jobs: TenantProvisioningClient,
  jobId: string,
  log: Logger,
): Promise<SourcedProgress> {
  try {
    return { progress: await jobs.getProgress(jobId), source: 'temporal' };
  } catch (err) {
    const code = errorCode(err);
    if (code !== ClientErrorCode.JobNotFound && code !== ClientErrorCode.ProgressUnavailable) throw err;
    // A job whose history is gone (retention) or whose worker is down is still known to the store.
    const projection = await deps.store.getJob(jobId);
    if (!projection) throw err;
    log.warn('progress served from the store projection', { jobId, reason: code });
    return { progress: projection.progress, source: 'store' };
  }
}
