/**
 * The schedules of the orchestrator, created by idempotent code (CONVENTIONS 9): stable IDs, created when missing,
 * updated in place when they exist so a changed interval takes effect without losing the schedule's history.
 */
import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { Client, ScheduleOptions, ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { AppConfig } from '../common/config';
import { HEALTH_SWEEP_SCHEDULE_ID } from '../workflows/contracts/health-sweep';
import { healthSweep } from '../workflows/health-sweep';
import { orphanScan } from '../workflows/orphan-scan';

export const ORPHAN_SCAN_SCHEDULE_ID = 'orphan-scan';
export { HEALTH_SWEEP_SCHEDULE_ID };

type ScheduleDefinition = ScheduleOptions<ScheduleOptionsStartWorkflowAction<Workflow>>;

/** Every schedule the orchestrator runs, from configuration. */
export function scheduleDefinitions(config: Pick<AppConfig, 'temporal' | 'orphans' | 'health'>): ScheduleDefinition[] {
  return [
    {
      scheduleId: ORPHAN_SCAN_SCHEDULE_ID,
      spec: { intervals: [{ every: config.orphans.scanIntervalMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: orphanScan,
        workflowId: ORPHAN_SCAN_SCHEDULE_ID,
        taskQueue: config.temporal.taskQueue,
        args: [{ minAgeMs: config.orphans.minAgeMs }],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    },
    {
      scheduleId: HEALTH_SWEEP_SCHEDULE_ID,
      spec: { intervals: [{ every: config.health.sweepIntervalMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: healthSweep,
        workflowId: HEALTH_SWEEP_SCHEDULE_ID,
        taskQueue: config.temporal.taskQueue,
        args: [{}],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    },
  ];
}

export interface EnsuredSchedule {
  scheduleId: string;
  outcome: 'created' | 'updated';
}

/** Creates each schedule, or updates it when it already exists. Safe to run any number of times. */
export async function ensureSchedules(client: Client, definitions: ScheduleDefinition[]): Promise<EnsuredSchedule[]> {
  const results: EnsuredSchedule[] = [];
  for (const definition of definitions) {
    try {
      await client.schedule.create(definition);
      results.push({ scheduleId: definition.scheduleId, outcome: 'created' });
    } catch (err) {
      // Matched by name, not instanceof (module realms differ under Jest).
      if ((err as Error).name !== 'ScheduleAlreadyRunning') throw err;
      await client.schedule.getHandle(definition.scheduleId).update((previous) => ({
        ...previous,
        spec: definition.spec,
        action: definition.action,
        policies: { ...previous.policies, ...definition.policies },
      }));
      results.push({ scheduleId: definition.scheduleId, outcome: 'updated' });
    }
  }
  return results;
}
