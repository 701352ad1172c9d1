/**
 * `floorGraph`: the benchmark's floor. The same step graph as provisionTenant (7 stages, 11 activities: reserveQuota ∥
 * started email, WorkOS ∥ Convex, backend ∥ Pages, deployFrontend, validate, activate, ready ∥ welcome), every node a
 * no-op activity, on the same worker and server. What provisionTenant costs beyond it is its own work.
 *
 * Waits only on its activities (30 s start-to-close, 3 attempts); handles no signals or queries. Sandbox-safe.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BenchActivities } from './noop-activity';

/** Parallel width of each stage of provisionTenant's graph. */
export const FLOOR_STAGE_WIDTHS: readonly number[] = [2, 2, 2, 1, 1, 1, 2];

export interface FloorGraphInput {
  /** Free-form label carried into each activity's input (which bench phase started the run). */
  label: string;
}

export interface FloorGraphResult {
  stages: number;
  activities: number;
}

const { noop } = proxyActivities<BenchActivities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '100ms' },
});

/** Runs the stages one after the other, the activities of a stage in parallel. */
export async function floorGraph(input: FloorGraphInput): Promise<FloorGraphResult> {
  const base = `${workflowInfo().workflowId}:${input.label}`;
  let activities = 0;
  for (const [stage, width] of FLOOR_STAGE_WIDTHS.entries()) {
    const nodes = Array.from({ length: width }, (_, index) => noop({ label: `${base}:stage${stage}.${index}` }));
    await Promise.all(nodes);
    activities += width;
  }
  return { stages: FLOOR_STAGE_WIDTHS.length, activities };
}
