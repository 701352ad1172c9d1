/**
 * Phase 1, latency: provisionTenant and floorGraph one at a time on the `zero` latency profile, interleaved (ABBA
 * order, so neither kind always runs on a warmer worker), after a short warm-up. Reports p50/p95 of each, the
 * ratio of the p50s, and where provisionTenant's time goes (median duration of each step, from `progress`).
 */
import { PROVISIONING_STEPS, progressQuery, type ProvisioningStepName } from '../workflows/contracts/provision-tenant';
import { criticalPathMs, stepDurationMs } from './critical-path';
import { workflowTaskTimes, type WorkflowTaskTimes } from './history-stats';
import { runTimedJob, type BenchTarget, type JobKind } from './jobs';
import { median, ratio, summarize, type Summary } from './stats';

export interface LatencyResult {
  runs: number;
  warmupRuns: number;
  /** Idle time before each timed run (ms). */
  gapMs: number;
  provision: Summary;
  floor: Summary;
  /** provisionTenant p50 / floorGraph p50. */
  p50Ratio: number;
  /** Median duration of each provisionTenant step (ms, workflow time). */
  stepMedianMs: Record<ProvisioningStepName, number>;
  /** Median critical path of the provisionTenant runs (ms): Σ over stages of the longest step. */
  criticalPathMedianMs: number;
  /** Medians over the runs of each kind: workflow task count, processing and dispatch time (from histories). */
  workflowTasks: Record<JobKind, WorkflowTaskTimes>;
}

/**
 * Runs `runs` sequential jobs of each kind, interleaved, after `warmupRuns` unrecorded ones of each. Each timed run
 * starts after `gapMs` of idle: a task queue kept busy back to back drifts into dispatching every task from its
 * backlog (tens of ms per task instead of a few), so without the gap a run measures its predecessor's load as much
 * as itself.
 */
export async function measureLatency(
  target: BenchTarget,
  runs: number,
  warmupRuns: number,
  gapMs: number,
  onProgress: (message: string) => void,
): Promise<LatencyResult> {
  for (let i = 0; i < warmupRuns; i += 1) {
    await runTimedJob(target, 'provisionTenant', `w${i}`);
    await runTimedJob(target, 'floorGraph', `w${i}`);
  }
  const samples: Record<JobKind, number[]> = { provisionTenant: [], floorGraph: [] };
  const steps = new Map<ProvisioningStepName, number[]>(PROVISIONING_STEPS.map((name) => [name, []]));
  const criticalPaths: number[] = [];
  const tasks: Record<JobKind, WorkflowTaskTimes[]> = { provisionTenant: [], floorGraph: [] };
  for (let i = 0; i < runs; i += 1) {
    const order: JobKind[] = i % 2 === 0 ? ['provisionTenant', 'floorGraph'] : ['floorGraph', 'provisionTenant'];
    for (const kind of order) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      const job = await runTimedJob(target, kind, `l${i}`);
      samples[kind].push(job.latencyMs);
      // Read after the timing: the history and the query are not part of the measured latency.
      const handle = target.client.workflow.getHandle(job.workflowId);
      tasks[kind].push(workflowTaskTimes((await handle.fetchHistory()).events ?? []));
      if (kind !== 'provisionTenant') continue;
      const progress = await handle.query(progressQuery);
      for (const step of progress.steps) steps.get(step.name)?.push(stepDurationMs(step));
      criticalPaths.push(criticalPathMs(progress.steps));
    }
    onProgress(`latency ${i + 1}/${runs}`);
  }
  const provision = summarize(samples.provisionTenant);
  const floor = summarize(samples.floorGraph);
  const stepMedianMs = Object.fromEntries(
    PROVISIONING_STEPS.map((name) => [name, median(steps.get(name) ?? [])]),
  ) as Record<ProvisioningStepName, number>;
  return {
    runs,
    warmupRuns,
    gapMs,
    provision,
    floor,
    p50Ratio: ratio(provision.p50, floor.p50),
    stepMedianMs,
    criticalPathMedianMs: median(criticalPaths),
    workflowTasks: { provisionTenant: medianTimes(tasks.provisionTenant), floorGraph: medianTimes(tasks.floorGraph) },
  };
}

function medianTimes(runs: readonly WorkflowTaskTimes[]): WorkflowTaskTimes {
  return {
    count: median(runs.map((r) => r.count)),
    processingMs: median(runs.map((r) => r.processingMs)),
    dispatchMs: median(runs.map((r) => r.dispatchMs)),
  };
}
