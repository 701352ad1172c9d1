/**
 * Phase 3, the realistic profile: a few provisionTenant jobs at once with provider-like delays (sandbox profile
 * `realistic`, factor 1). For each job: its end-to-end time, the critical path of its step graph computed from
 * its own step timings (the `progress` query), and the difference, i.e. what orchestration adds.
 */
import { performance } from 'node:perf_hooks';
import { progressQuery } from '../workflows/contracts/provision-tenant';
import { criticalPathMs, stageTimings } from './critical-path';
import { startJob, type BenchTarget } from './jobs';

export interface RealisticJob {
  workflowId: string;
  e2eMs: number;
  criticalPathMs: number;
  /** e2e − critical path (ms). */
  overheadMs: number;
  /** Longest step of each stage (ms), in stage order. */
  stageMs: number[];
  /** Activity attempts summed over the steps (retries of not-yet-ready resources show up here). */
  attempts: number;
}

export interface RealisticResult {
  factor: number;
  jobs: RealisticJob[];
}

/** Switches the sandbox's latency profile through its control API. */
export async function setSandboxLatency(sandboxUrl: string, profile: 'zero' | 'realistic', factor = 1): Promise<void> {
  const response = await fetch(`${sandboxUrl}/_sandbox/latency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profile, factor }),
  });
  if (!response.ok) throw new Error(`POST /_sandbox/latency answered ${response.status}: ${await response.text()}`);
}

/** Runs `jobs` provisionTenant jobs concurrently on the realistic profile; restores `zero` afterwards. */
export async function measureRealistic(
  target: BenchTarget,
  sandboxUrl: string,
  jobs: number,
): Promise<RealisticResult> {
  const factor = 1;
  await setSandboxLatency(sandboxUrl, 'realistic', factor);
  try {
    const results = await target.worker.guard(
      Promise.all(Array.from({ length: jobs }, (_, i) => runRealisticJob(target, `r${i}`))),
    );
    return { factor, jobs: results };
  } finally {
    await setSandboxLatency(sandboxUrl, 'zero');
  }
}

async function runRealisticJob(target: BenchTarget, key: string): Promise<RealisticJob> {
  const startedAt = performance.now();
  const handle = await startJob(target, 'provisionTenant', key);
  await handle.result();
  const e2eMs = performance.now() - startedAt;
  const progress = await handle.query(progressQuery);
  const criticalPath = criticalPathMs(progress.steps);
  return {
    workflowId: handle.workflowId,
    e2eMs,
    criticalPathMs: criticalPath,
    overheadMs: e2eMs - criticalPath,
    stageMs: stageTimings(progress.steps).map((stage) => stage.longestMs),
    attempts: progress.steps.reduce((sum, step) => sum + step.attempts, 0),
  };
}
