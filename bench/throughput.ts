/**
 * Phase 2, throughput: N jobs started at once, timed until the last one completes, for provisionTenant and for
 * floorGraph separately on the same worker (rounds in ABBA order; the figure is the median over rounds). The
 * worker's RSS is sampled from /proc while the jobs are in flight.
 */
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import { startCpuMeasure, type CpuUsage } from './cpu';
import { noTrouble, tallyHistory, type HistoryTrouble } from './history-stats';
import { startJob, type BenchTarget, type JobKind } from './jobs';
import { median, ratio, summarize, type Summary } from './stats';
import { startMaxSampler } from './worker-process';

const RSS_SAMPLE_INTERVAL_MS = 100;

export interface BurstResult {
  kind: JobKind;
  jobs: number;
  /** From the first start request to the last completion (ms). */
  wallMs: number;
  workflowsPerSecond: number;
  /** Each job's completion time, measured from the burst's start (ms). */
  completion: Summary;
  /** Largest worker RSS seen during the burst (bytes). */
  maxRssBytes: number | undefined;
  /** CPU ms used during the burst by each probe of the target (server, worker, bench, machine). */
  cpuMs: CpuUsage;
  /** Workflow task timeouts and failures and activity retries across the burst's histories. */
  trouble: HistoryTrouble;
}

export interface ThroughputResult {
  jobs: number;
  rounds: number;
  provision: BurstResult[];
  floor: BurstResult[];
  /** Median over rounds of workflows/s. */
  provisionPerSecond: number;
  floorPerSecond: number;
  /** provisionTenant workflows/s / floorGraph workflows/s. */
  throughputRatio: number;
  /** Largest worker RSS over every provisionTenant burst (bytes). */
  provisionMaxRssBytes: number | undefined;
  floorMaxRssBytes: number | undefined;
  /** Worker RSS before the first burst (bytes). */
  idleRssBytes: number | undefined;
}

/** Starts `jobs` jobs of `kind` at once and waits for all of them; `round` keeps the IDs unique. */
export async function runBurst(target: BenchTarget, kind: JobKind, jobs: number, round: number): Promise<BurstResult> {
  const sampler = startMaxSampler(() => target.worker.rssBytes(), RSS_SAMPLE_INTERVAL_MS);
  const cpu = startCpuMeasure(target.cpuProbes);
  try {
    const t0 = performance.now();
    const finished = await target.worker.guard(
      Promise.all(
        Array.from({ length: jobs }, async (_, i) => {
          const handle = await startJob(target, kind, `t${round}-${i}`);
          await handle.result();
          return { handle, at: performance.now() - t0 };
        }),
      ),
    );
    const wallMs = performance.now() - t0;
    const maxRssBytes = sampler.stop();
    const cpuMs = cpu.stop();
    const completions = finished.map((f) => f.at);
    return {
      kind,
      jobs,
      wallMs,
      workflowsPerSecond: jobs / (wallMs / 1000),
      completion: summarize(completions),
      maxRssBytes,
      cpuMs,
      trouble: await tallyBurst(finished.map((f) => f.handle)),
    };
  } finally {
    sampler.stop();
  }
}

/** What went wrong in the given jobs, from their histories (read after the burst, not timed). */
async function tallyBurst(handles: readonly WorkflowHandle[]): Promise<HistoryTrouble> {
  const trouble = noTrouble();
  for (const handle of handles) {
    const history = await handle.fetchHistory();
    tallyHistory(history.events ?? [], trouble);
  }
  return trouble;
}

function maxOf(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

/** Runs `rounds` bursts of each kind (ABBA order) of `jobs` jobs each. */
export async function measureThroughput(
  target: BenchTarget,
  jobs: number,
  rounds: number,
  onProgress: (message: string) => void,
): Promise<ThroughputResult> {
  const idleRssBytes = target.worker.rssBytes();
  const results: Record<JobKind, BurstResult[]> = { provisionTenant: [], floorGraph: [] };
  for (let round = 0; round < rounds; round += 1) {
    const order: JobKind[] = round % 2 === 0 ? ['floorGraph', 'provisionTenant'] : ['provisionTenant', 'floorGraph'];
    for (const kind of order) {
      const burst = await runBurst(target, kind, jobs, round);
      results[kind].push(burst);
      onProgress(`throughput round ${round + 1}/${rounds} ${kind}: ${burst.workflowsPerSecond.toFixed(1)} workflows/s`);
    }
  }
  const provisionPerSecond = median(results.provisionTenant.map((r) => r.workflowsPerSecond));
  const floorPerSecond = median(results.floorGraph.map((r) => r.workflowsPerSecond));
  return {
    jobs,
    rounds,
    provision: results.provisionTenant,
    floor: results.floorGraph,
    provisionPerSecond,
    floorPerSecond,
    throughputRatio: ratio(provisionPerSecond, floorPerSecond),
    provisionMaxRssBytes: maxOf(results.provisionTenant.map((r) => r.maxRssBytes)),
    floorMaxRssBytes: maxOf(results.floorGraph.map((r) => r.maxRssBytes)),
    idleRssBytes,
  };
}
