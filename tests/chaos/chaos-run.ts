/**
 * `runChaos(options)`: provisions `jobs` tenants against the real worker, dev server and sandbox while the
 * sandbox injects transient faults and lost responses, the worker is SIGKILLed and restarted, and the dev server is
 * restarted; then the few jobs with a permanent fault (started once the others settled, so that all of them are in
 * their cleanup grace at the same time). It checks that every job settled (completed, or failed for the permanent
 * ones), that the inventory is exactly what the jobs hold (during the failed jobs' grace, and after they were
 * cleaned up), and measures the recovery. Used by tests/chaos/chaos.test.ts and bench/recovery.ts.
 * Starts nothing it does not stop: everything is closed in `finally`, also on error.
 */
import { randomBytes } from 'node:crypto';
import type { ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import { followJobs, planJobs, startJobs, type ChaosJob } from './chaos-jobs';
import { ChaosOptionsSchema, type ChaosOptions, type ChaosOptionsInput } from './chaos-options';
import { jobOutcome, leakedCount, type ChaosReport, type EventRecord, type InventoryCheck } from './chaos-report';
import { startChaosStack, type ChaosStack } from './chaos-stack';
import { faultPlan } from './fault-plan';
import { repeatFinishedJobs } from './repeat-jobs';
import { openSqliteStore } from '../../store/sqlite';
import { diffInventory, expectedResources, countNames } from './inventory-diff';
import { interruptedJobs, recoveryShare, successRate, summarizeDelays } from './recovery-metrics';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** How long past the last cleanupAt the failed jobs get to finish compensating. */
const CLEANUP_SLACK_MS = 60_000;
/** Time the system gets to work between one event's recovery and the next event. */
const MIN_EVENT_GAP_MS = 10_000;
/** Finished jobs an "admin" starts again (and, for half of them, cancels at once). */
const REPEATED_JOBS = 6;

export type { ChaosReport } from './chaos-report';
export type { ChaosOptionsInput } from './chaos-options';

/** Runs one chaos run and returns its report; rejects only when the run itself could not be carried out. */
export async function runChaos(input: ChaosOptionsInput): Promise<ChaosReport> {
  const options = ChaosOptionsSchema.parse(input);
  const runId = randomBytes(2).toString('hex');
  const note = options.note ?? (() => undefined);
  const startedAt = Date.now();
  note(`run ${runId}: ${options.jobs} jobs (${options.permanentJobs} permanent), seed ${options.seed}`);
  const stack = await startChaosStack(options, runId);
  try {
    return await runOn(stack, options, runId, startedAt);
  } finally {
    note('stopping the worker, the sandbox and the dev server');
    await stack.close();
  }
}

async function runOn(stack: ChaosStack, options: ChaosOptions, runId: string, startedAt: number): Promise<ChaosReport> {
  const note = options.note ?? (() => undefined);
  for (const rule of faultPlan(runId, options)) await stack.control.faults.add(rule);
  const jobs = planJobs(runId, options.jobs, options.permanentJobs, options.startWindowMs);
  const regular = jobs.filter((j) => j.permanentGroup === null);
  const permanentJobs = jobs.filter((j) => j.permanentGroup !== null);

  note(`starting ${regular.length} jobs over ${options.startWindowMs / 1000}s with the chaos timeline`);
  const t0 = Date.now();
  const [regularStartRetries, events] = await Promise.all([
    startJobs(stack.lib, regular, t0),
    runTimeline(stack, options, t0, note),
  ]);
  note('waiting for every job to settle');
  const wanted = ['completed', 'failed'] as const;
  const first = await followJobs(stack.lib, ids(regular), wanted, options.settleTimeoutMs);

  const finished = regular.filter((j) => first.latest.get(j.jobId)?.status === 'completed').slice(0, REPEATED_JOBS);
  note(`starting ${finished.length} finished jobs again (half of them cancelled at once)`);
  const repeats = await repeatFinishedJobs(stack.client, stack.taskQueue, finished);

  note(`starting the ${permanentJobs.length} jobs with a permanent fault`);
  const permanentStartRetries = await startJobs(stack.lib, permanentJobs, Date.now());
  const settled = await followJobs(stack.lib, ids(permanentJobs), wanted, options.settleTimeoutMs, first.latest);
  const settledJobs = [...settled.latest.values()];

  note('checking the inventory during the grace of the failed jobs');
  const duringGrace = await inventoryCheck(stack, settledJobs);
  const failedIds = settledJobs.filter((p) => p.status === 'failed').map((p) => p.jobId);
  const cleanupTimes = settledJobs.flatMap((p) => (p.cleanupAt ? [Date.parse(p.cleanupAt)] : []));
  const earliestCleanupAt = cleanupTimes.length > 0 ? Math.min(...cleanupTimes) : null;

  note(`waiting for ${failedIds.length} failed jobs to be cleaned up`);
  const lastCleanupAt = cleanupTimes.length > 0 ? Math.max(...cleanupTimes) : Date.now();
  const cleaned = await followJobs(
    stack.lib,
    failedIds,
    ['cleaned_up'],
    Math.max(0, lastCleanupAt - Date.now()) + CLEANUP_SLACK_MS,
    settled.latest,
  );
  const finalJobs = [...cleaned.latest.values()];
  const afterGrace = await inventoryCheck(stack, finalJobs);

  const permanent = new Set(permanentJobs.map((j) => j.tenantId));
  const withEvents = events.map((e) => ({ ...e, interrupted: interruptedJobs(e.at, finalJobs) }));
  const delaysOf = (kind: EventRecord['kind']) =>
    withEvents.filter((e) => e.kind === kind).flatMap((e) => e.interrupted.delays.map((d) => d.delayMs));
  const rules = await stack.faultRules();

  return {
    runId,
    seed: options.seed,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Date.now() - startedAt,
    settings: {
      jobs: options.jobs,
      permanentJobs: options.permanentJobs,
      startWindowMs: options.startWindowMs,
      transientFaultRate: options.transientFaultRate,
      commitThen500Rate: options.commitThen500Rate,
      cleanupGraceMs: options.cleanupGraceMs,
      maxAttempts: options.maxAttempts,
    },
    jobs: jobs.map((job) => jobOutcome(job, runId, settled.latest.get(job.jobId), cleaned.latest.get(job.jobId))),
    unsettled: [...first.unsettled, ...settled.unsettled].map((jobId) => ({
      jobId,
      status: settled.latest.get(jobId)?.status ?? null,
      currentStep: settled.latest.get(jobId)?.currentStep ?? null,
    })),
    notCleanedUp: cleaned.unsettled,
    retriedCalls: {
      starts: regularStartRetries + permanentStartRetries,
      queries: first.queryErrors + settled.queryErrors + cleaned.queryErrors,
    },
    events: withEvents,
    killToNextStep: summarizeDelays(delaysOf('kill-worker')),
    serverRestartToNextStep: summarizeDelays(delaysOf('restart-server')),
    duringGrace: { ...duringGrace, earliestCleanupAt },
    afterGrace,
    recovery: recoveryShare(finalJobs, permanent),
    successRate: successRate(finalJobs, permanent),
    leakedResources: leakedCount(afterGrace.diff),
    faultsFired: rules.map(({ provider, operation, kind, match, fired }) => ({
      provider,
      operation,
      kind,
      match,
      fired,
    })),
    workerUnexpectedExits: stack.worker.unexpectedExits.map(({ at, code, signal }) => ({ at, code, signal })),
    repeats,
    instancesNotActive: await instancesNotActive(stack, finalJobs),
  };
}

/** Completed jobs whose tenant's instance is not `active` in the worker's store: a live tenant harmed. */
async function instancesNotActive(stack: ChaosStack, jobs: ProvisioningProgress[]) {
  const store = openSqliteStore(stack.sqlitePath);
  try {
    const harmed: { tenantId: string; status: string | null }[] = [];
    for (const job of jobs.filter((p) => p.status === 'completed')) {
      const instance = await store.getInstance(job.tenantId);
      if (instance?.status !== 'active') harmed.push({ tenantId: job.tenantId, status: instance?.status ?? null });
    }
    return harmed;
  } finally {
    await store.close();
  }
}

/**
 * Runs the chaos events at their place in the start window, one after the other, each at least MIN_EVENT_GAP_MS
 * after the previous one recovered (so two outages never merge into one).
 */
async function runTimeline(
  stack: ChaosStack,
  options: ChaosOptions,
  t0: number,
  note: (message: string) => void,
): Promise<Omit<EventRecord, 'interrupted'>[]> {
  const records: Omit<EventRecord, 'interrupted'>[] = [];
  const timeline = [...options.timeline].sort((a, b) => a.at - b.at);
  let recoveredAt = t0 - MIN_EVENT_GAP_MS;
  for (const event of timeline) {
    await sleep(Math.max(t0 + event.at * options.startWindowMs, recoveredAt + MIN_EVENT_GAP_MS) - Date.now());
    if (event.kind === 'kill-worker') {
      const { killedAt, readyAt } = await stack.worker.kill();
      note(`worker SIGKILLed; a new one polled after ${((readyAt - killedAt) / 1000).toFixed(1)}s`);
      records.push({ kind: event.kind, at: killedAt, backAt: readyAt });
      recoveredAt = readyAt;
    } else {
      const { at, backAt } = await stack.restartServer();
      note(`dev server restarted in ${((backAt - at) / 1000).toFixed(1)}s`);
      records.push({ kind: event.kind, at, backAt });
      recoveredAt = backAt;
    }
  }
  return records;
}

function ids(jobs: readonly ChaosJob[]): string[] {
  return jobs.map((j) => j.jobId);
}

/** The inventory against what the jobs hold now. */
async function inventoryCheck(stack: ChaosStack, jobs: ProvisioningProgress[]): Promise<InventoryCheck> {
  const expected = expectedResources(jobs);
  const inventory = await stack.control.inventory();
  return { takenAt: Date.now(), expectedCount: countNames(expected), diff: diffInventory(expected, inventory) };
}
