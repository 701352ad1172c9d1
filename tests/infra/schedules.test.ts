/**
 * scripts/schedules.ts against the dev server: the orphan-scan schedule is created once, then updated in place
 * (a changed interval applies, nothing is duplicated). Schedule IDs get a suffix so a shared server is left alone.
 */
import { loadConfig } from '../../worker/config';
import { ensureSchedules, ORPHAN_SCAN_SCHEDULE_ID, scheduleDefinitions } from '../../scripts/schedules';
import { connectTestClient, uniqueWorkflowSuffix } from '../helpers/temporal';
import type { TestConnections } from '../helpers/temporal';

describe('ensureSchedules', () => {
  let connections: TestConnections;
  const suffix = uniqueWorkflowSuffix();
  const scheduleId = `${ORPHAN_SCAN_SCHEDULE_ID}-${suffix}`;

  function definitions(interval: string) {
    const config = loadConfig({
      ORPHAN_SCAN_INTERVAL: interval,
      ORPHAN_MIN_AGE: '2h',
      TEMPORAL_TASK_QUEUE: `q-${suffix}`,
    });
    return scheduleDefinitions(config).map((definition) => ({ ...definition, scheduleId }));
  }

  beforeAll(async () => {
    connections = await connectTestClient();
  });

  afterAll(async () => {
    await connections.client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch(() => undefined);
    await connections.close();
  });

  it('creates the orphan-scan schedule, then updates it in place', async () => {
    expect(await ensureSchedules(connections.client, definitions('24h'))).toEqual([{ scheduleId, outcome: 'created' }]);
    expect(await ensureSchedules(connections.client, definitions('6h'))).toEqual([{ scheduleId, outcome: 'updated' }]);

    const description = await connections.client.schedule.getHandle(scheduleId).describe();
    expect(description.spec.intervals?.map((i) => i.every)).toEqual([6 * 3_600_000]);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'orphanScan',
      taskQueue: `q-${suffix}`,
      args: [{ minAgeMs: 2 * 3_600_000 }],
    });
    expect(description.policies.overlap).toBe('SKIP');

    const ids: string[] = [];
    for await (const schedule of connections.client.schedule.list()) ids.push(schedule.scheduleId);
    expect(ids.filter((id) => id === scheduleId)).toHaveLength(1);
  });
});
