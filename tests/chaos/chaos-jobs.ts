/**
 * The jobs of a chaos run: their tenants, starting them on schedule through the typed client library (retrying
 * while the server is down), and following them with the `progress` query until they settle (query errors during
 * restarts are expected and counted, never fatal).
 */
import { MAX_LIST_LIMIT, type TenantProvisioningClient } from '../../client/lib';
import type { JobStatus, ProvisionTenantInput, ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';

export interface ChaosJob {
  tenantId: string;
  jobId: string;
  /** The permanent fault group (`a`, `b`) or null for a job that must complete. */
  permanentGroup: string | null;
  /** Milliseconds after the run's start when the job is started. */
  startAfterMs: number;
}

/**
 * `jobs` tenants, the last `permanentJobs` of them permanent (groups a, b alternately). The others are started
 * evenly over `windowMs`, while the chaos happens; the permanent ones together once those have settled
 * (`startAfterMs` 0), so that every failed job is still in its cleanup grace when the inventory is checked.
 */
export function planJobs(runId: string, jobs: number, permanentJobs: number, windowMs: number): ChaosJob[] {
  const groups = ['a', 'b'];
  const regular = jobs - permanentJobs;
  return Array.from({ length: jobs }, (_, i) => {
    const p = i - regular;
    const group = p >= 0 ? (groups[p % groups.length] ?? 'a') : null;
    const tenantId = group ? `chaos-perm-${runId}-${group}${p}` : `chaos-${runId}-${String(i).padStart(3, '0')}`;
    return {
      tenantId,
      jobId: provisionWorkflowId(tenantId),
      permanentGroup: group,
      startAfterMs: group || regular === 1 ? 0 : Math.round((i * windowMs) / (regular - 1)),
    };
  });
}

export function chaosInput(tenantId: string): ProvisionTenantInput {
  return {
    tenantId,
    name: `Chaos ${tenantId}`,
    plan: 'pro',
    owner: { email: `owner+${tenantId}@example.com`, name: 'Chaos Owner' },
    requestedBy: 'chaos-run',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Starts every job at `t0 + startAfterMs`, retrying a failed start every 500 ms (the server may be restarting)
 * until `retryForMs` has passed. Idempotent: startProvisioning returns the existing run for a tenant.
 * Resolves to the number of start calls that failed and were retried.
 */
export async function startJobs(
  lib: TenantProvisioningClient,
  jobs: readonly ChaosJob[],
  t0: number,
  retryForMs = 120_000,
): Promise<number> {
  let failedCalls = 0;
  await Promise.all(
    jobs.map(async (job) => {
      await sleep(t0 + job.startAfterMs - Date.now());
      const deadline = Date.now() + retryForMs;
      for (;;) {
        try {
          await lib.startProvisioning(chaosInput(job.tenantId));
          return;
        } catch (err) {
          failedCalls += 1;
          if (Date.now() > deadline) throw new Error(`could not start ${job.jobId}: ${String(err)}`, { cause: err });
          await sleep(500);
        }
      }
    }),
  );
  return failedCalls;
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface FollowResult {
  /** Latest progress of each job that answered at least once, by job ID. */
  latest: Map<string, ProvisioningProgress>;
  /** Jobs that did not reach a wanted status before the deadline. */
  unsettled: string[];
  /** Visibility lists and progress queries that failed (server or worker restarting) and were retried. */
  queryErrors: number;
}

/**
 * Follows jobs until each one's `progress` status is one of `statuses`, or `timeoutMs` passes. To keep the load off
 * the worker (every query is work for it), Temporal visibility (the ProvisioningStatus search attribute) says which
 * jobs may have got there, and only those are queried; a job confirmed by its query is not queried again. At the
 * deadline the jobs still pending are queried once, so the caller sees where they are. `latest` starts from `known`.
 */
export async function followJobs(
  lib: TenantProvisioningClient,
  jobIds: readonly string[],
  statuses: readonly JobStatus[],
  timeoutMs: number,
  known: ReadonlyMap<string, ProvisioningProgress> = new Map(),
  intervalMs = 2_000,
): Promise<FollowResult> {
  const latest = new Map(known);
  const done = (id: string) => {
    const status = latest.get(id)?.status;
    return status !== undefined && statuses.includes(status);
  };
  let queryErrors = 0;
  const query = async (id: string) => {
    try {
      latest.set(id, await lib.getProgress(id));
    } catch {
      queryErrors += 1;
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = jobIds.filter((id) => !done(id));
    if (pending.length === 0) return { latest, unsettled: [], queryErrors };
    if (Date.now() > deadline) {
      await mapLimit(pending, 4, query);
      return { latest, unsettled: pending.filter((id) => !done(id)), queryErrors };
    }
    try {
      const candidates = new Set<string>();
      for (const status of statuses) {
        for (const job of await lib.list({ status, limit: MAX_LIST_LIMIT })) candidates.add(job.jobId);
      }
      await mapLimit(
        pending.filter((id) => candidates.has(id)),
        4,
        query,
      );
    } catch {
      queryErrors += 1;
    }
    if (jobIds.some((id) => !done(id))) await sleep(intervalMs);
  }
}
