/**
 * Activities against a real sandbox, without Temporal: an in-process sandbox, configuration pointing at it, the
 * real provider clients, an in-memory SQLite store and `createActivities`, with every log line captured. Each
 * activity runs inside a `MockActivityEnvironment` (offline), so `Context.current().info` is real.
 *
 *   const env = await startActivityEnv();
 *   afterAll(() => env.close());
 *   const result = await env.run(env.activities.createConvexProject, { tenantId, jobId }, { attempt: 2 });
 */
import type { Info } from '@temporalio/activity';
import type { Logger as TemporalLogger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { ProvisioningActivities, ReserveQuotaInput } from '../../activities/contract';
import type { ActivityDeps, JobLookup } from '../../activities/deps';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { BrainStore } from '../../store/port';
import { openSqliteStore } from '../../store/sqlite';
import { loadConfig, type AppConfig } from '../../common/config';
import { createJsonLogger, silentLogger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { FailureType } from '../../workflows/contracts/provision-tenant';
import { createSandboxControl, type SandboxControl } from './sandbox-control';

export interface ActivityEnv {
  sandbox: RunningSandbox;
  control: SandboxControl;
  config: AppConfig;
  store: BrainStore;
  deps: ActivityDeps;
  /** What the activities see of Temporal: set job statuses and the completed-job count per test. */
  jobs: FakeJobLookup;
  activities: ProvisioningActivities;
  /** Every JSON log line the activities and provider clients wrote. */
  logLines: string[];
  /**
   * Runs an activity in a fresh MockActivityEnvironment. `info` overrides the activity info (attempt, IDs);
   * `onHeartbeat` sees each heartbeat; `cancelAfterHeartbeats` cancels the activity after that many heartbeats.
   */
  run<I, O>(fn: (input: I) => Promise<O>, input: I, options?: RunOptions): Promise<O>;
  close(): Promise<void>;
}

/** A JobLookup whose answers the test sets (Temporal itself is covered by the workflow tests). */
export interface FakeJobLookup extends JobLookup {
  statuses: Map<string, string>;
  completedJobs: number;
}

export function fakeJobLookup(): FakeJobLookup {
  const lookup: FakeJobLookup = {
    statuses: new Map(),
    completedJobs: 0,
    jobStatus: async (jobId) => lookup.statuses.get(jobId),
    countCompletedJobs: async () => lookup.completedJobs,
  };
  return lookup;
}

export interface RunOptions {
  info?: Partial<Info>;
  onHeartbeat?: (details: unknown) => void;
  cancelAfterHeartbeats?: number;
}

/** Test configuration: short timeouts and poll intervals, the sandbox for every provider. */
export const ACTIVITY_TEST_ENV: Readonly<Record<string, string>> = {
  PROVIDER_TIMEOUT: '1s',
  DEPLOY_POLL_INTERVAL: '20ms',
  MAX_INSTANCES_PER_REQUESTER: '3',
  LOG_LEVEL: 'debug',
};

/** Starts the sandbox and builds the activities; always `await env.close()`. */
export async function startActivityEnv(env: Record<string, string> = {}): Promise<ActivityEnv> {
  const sandbox = await startSandbox({ port: 0, latency: 'zero', logger: silentLogger });
  try {
    const config = loadConfig({ ...ACTIVITY_TEST_ENV, SANDBOX_URL: sandbox.url, ...env });
    const logLines: string[] = [];
    const logger = createJsonLogger({ level: 'debug', write: (line) => logLines.push(line) });
    const store = openSqliteStore(':memory:');
    const jobs = fakeJobLookup();
    const deps: ActivityDeps = { store, providers: createProviderClients(config, logger), config, logger, jobs };
    const activities = createActivities(deps);
    return {
      sandbox,
      control: createSandboxControl(sandbox.url),
      config,
      store,
      deps,
      jobs,
      activities,
      logLines,
      run: (fn, input, options = {}) => runInMockEnv(fn, input, options),
      close: async () => {
        await store.close();
        await sandbox.close();
      },
    };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}

let activitySeq = 0;

/** The SDK logs every failed activity; the tests assert on failures themselves, so that output is noise. */
const quietSdkLogger: TemporalLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

async function runInMockEnv<I, O>(fn: (input: I) => Promise<O>, input: I, options: RunOptions): Promise<O> {
  activitySeq += 1;
  const jobId =
    input && typeof input === 'object' && 'jobId' in input && typeof input.jobId === 'string'
      ? input.jobId
      : 'test-job';
  const env = new MockActivityEnvironment(
    {
      activityId: String(activitySeq),
      workflowExecution: { workflowId: jobId, runId: 'test-run' },
      heartbeatTimeoutMs: 10_000,
      // As the worker's provisioning profile gives it (the mock's default, 1 s, is shorter than a `convex deploy`).
      startToCloseTimeoutMs: 60_000,
      ...options.info,
    },
    { logger: quietSdkLogger },
  );
  let heartbeats = 0;
  env.on('heartbeat', (details: unknown) => {
    heartbeats += 1;
    options.onHeartbeat?.(details);
    if (options.cancelAfterHeartbeats !== undefined && heartbeats >= options.cancelAfterHeartbeats) env.cancel();
  });
  return env.run(fn, input);
}

/** Awaits `promise` expecting it to reject; returns the rejection (fails the test if it resolves). */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ type?: string; nonRetryable?: boolean } & Error> {
  try {
    await promise;
  } catch (err) {
    return err as { type?: string; nonRetryable?: boolean } & Error;
  }
  throw new Error('expected the activity to fail, but it succeeded');
}

let tenantSeq = 0;

/** A tenant ID unique within the test run (valid slug). */
export function uniqueTenantId(prefix = 't'): string {
  tenantSeq += 1;
  return `${prefix}-${process.pid.toString(36)}-${tenantSeq}`;
}

/** Each provider fault kind of a create call, the failure type it must become, and whether it is non-retryable. */
export const FAULT_KIND_FAILURES = [
  ['error_500', FailureType.ProviderUnavailable, false],
  ['timeout', FailureType.ProviderUnavailable, false],
  ['rate_limit_429', FailureType.ProviderRateLimited, false],
  ['unauthorized_401', FailureType.ProviderAuthFailed, true],
  ['quota_exceeded', FailureType.ProviderQuotaExceeded, true],
] as const;

/** A reserveQuota input for `tenantId`, as a job would send it. */
export function reservation(tenantId: string, overrides: Partial<ReserveQuotaInput> = {}): ReserveQuotaInput {
  return {
    tenantId,
    jobId: `provision-${tenantId}`,
    name: `Tenant ${tenantId}`,
    plan: 'pro',
    ownerEmail: `owner@${tenantId}.example`,
    ownerName: 'Ada',
    requestedBy: 'brain-quota',
    ...overrides,
  };
}
