/**
 * Options of a chaos run (validated with zod) and the worker configuration it implies: the production code with
 * durations in seconds and enough attempts to ride out the injected fault rate.
 */
import { z } from 'zod';

const ms = z.number().int().nonnegative();

/**
 * Why 50 attempts rather than production's 3: attempts count per *activity*, and faults fire per *provider call*.
 * At a 20% transient rate (plus 5% lost responses on creates), deployConvexBackend's retry attempt makes seven
 * faulted calls (list, delete and create the deploy key, the push's start and finish, env vars, configure) and so
 * succeeds about 0.8^7 × 0.95 ≈ 20% of the time; a measured run (2026-12-02) saw 14% (48 successes in 349
 * attempts). With 30 attempts a job then fails 0.86^30 ≈ 1 % of the time, and a 47-job run about every other run:
 * a test of luck, not of recovery. With 50, 0.86^50 ≈ 5e-4 per job, a run fails about once in 40 at the measured
 * rate and once in 700 at the computed one: a failure is then worth investigating. (Each attempt takes a few
 * seconds, so the slowest jobs need the longer settle time the chaos test gives them.)
 */
export const DEFAULT_MAX_ATTEMPTS = 50;

/** When the chaos happens, as fractions of the start window (jobs are started evenly across that window). */
export const ChaosEventSchema = z.object({
  kind: z.enum(['kill-worker', 'restart-server']),
  /** 0 = first job start, 1 = last job start. */
  at: z.number().min(0).max(2),
});
export type ChaosEvent = z.infer<typeof ChaosEventSchema>;

export const ChaosOptionsSchema = z
  .object({
    /** Jobs in total, permanent ones included. */
    jobs: z.number().int().min(1).max(2000),
    /** Jobs whose tenant gets a permanent (non-retryable) fault; started once the others have settled. */
    permanentJobs: z.number().int().min(0),
    /** Jobs without a permanent fault are started evenly across this window; the chaos events are placed in it. */
    startWindowMs: ms.default(25_000),
    /** Probability of a transient fault on every provider call (split over 500, 429 and timeout). */
    transientFaultRate: z.number().min(0).max(0.5).default(0.2),
    /** Probability of `commit_then_500` (the change happens, the answer is lost) on every creating call. */
    commitThen500Rate: z.number().min(0).max(0.5).default(0.05),
    timeline: z.array(ChaosEventSchema).default([
      { kind: 'kill-worker', at: 0.1 },
      { kind: 'restart-server', at: 0.5 },
      { kind: 'kill-worker', at: 0.9 },
    ]),
    /**
     * PROVISION_CLEANUP_GRACE of the worker: failed jobs compensate this long after they failed. The permanent jobs
     * fail at different stages (a stage waits for all its steps), so it must cover the spread of their failures.
     */
    cleanupGraceMs: ms.default(60_000),
    /** PROVISION_MAX_ATTEMPTS of the worker; see {@link DEFAULT_MAX_ATTEMPTS}. */
    maxAttempts: z.number().int().min(1).default(DEFAULT_MAX_ATTEMPTS),
    /** How long to wait for every job to settle (completed or failed) after the last start. */
    settleTimeoutMs: ms.default(240_000),
    /** Seed of the sandbox's fault draws (a run with the same seed draws the same sequence). */
    seed: z
      .number()
      .int()
      .default(() => Math.floor(Math.random() * 2 ** 31)),
    /** Keep the temp dir (worker, server and sandbox logs) instead of removing it; for debugging. */
    keepTempDir: z.boolean().default(false),
    /** Progress notes (phase changes); default: none. */
    note: z.custom<(message: string) => void>((v) => typeof v === 'function').optional(),
  })
  .strict()
  .refine((o) => o.permanentJobs < o.jobs, {
    message: 'permanentJobs must be fewer than jobs',
    path: ['permanentJobs'],
  });
export type ChaosOptionsInput = z.input<typeof ChaosOptionsSchema>;
export type ChaosOptions = z.output<typeof ChaosOptionsSchema>;

/** The worker's configuration variables (common/config.ts names) for a chaos run. */
export function chaosWorkerEnv(
  options: ChaosOptions,
  wiring: {
    temporalAddress: string;
    taskQueue: string;
    sandboxUrl: string;
    dataDir: string;
    sqlitePath: string;
    /** The prebuilt workflow bundle every worker of the run loads, as in production. */
    workflowBundlePath: string;
  },
): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: wiring.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: wiring.taskQueue,
    SANDBOX_URL: wiring.sandboxUrl,
    DATA_DIR: wiring.dataDir,
    STORE_SQLITE_PATH: wiring.sqlitePath,
    STORE_CREATE: 'true',
    // A restarted worker loads the bundle instead of bundling workflows/ (seconds) before it polls again.
    WORKFLOW_BUNDLE_PATH: wiring.workflowBundlePath,
    // `info`: the supervisor waits for the worker's "worker running" line.
    LOG_LEVEL: 'info',
    // Every chaos job has the same requester; the quota is not under test.
    MAX_INSTANCES_PER_REQUESTER: '1000000',
    PROVISION_MAX_ATTEMPTS: String(options.maxAttempts),
    PROVISION_RETRY_INITIAL: '200ms',
    PROVISION_RETRY_MAX: '2s',
    PROVISION_ACTIVITY_TIMEOUT: '5s',
    // One attempt of deployFrontend and deployConvexBackend. Deploys queue for a slot (CONVEX_DEPLOY_CONCURRENCY) and
    // each `convex deploy` costs about a second of CPU: 47 jobs on 2 cores need more than 10 s an attempt, or every
    // attempt of a queued job times out. The heartbeat timeout is min(30 s, this): a killed wait is retried in 30 s.
    PROVISION_DEPLOYMENT_TIMEOUT: '60s',
    PROVIDER_TIMEOUT: '2s',
    DEPLOY_POLL_INTERVAL: '200ms',
    COMPENSATION_MAX_ATTEMPTS: '30',
    PROVISION_CLEANUP_GRACE: `${options.cleanupGraceMs}ms`,
  };
}
