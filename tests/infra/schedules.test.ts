/**
 * scripts/schedules.ts against the dev server: each schedule (orphan-scan, health-sweep) is created once, then
 * updated in place (a changed interval applies, nothing is duplicated). Schedule IDs get a suffix so a shared server
 * is left alone.
 */
import { loadConfig } from '../../common/config';
import {
  ensureSchedules,
  HEALTH_SWEEP_SCHEDULE_ID,
  ORPHAN_SCAN_SCHEDULE_ID,
  scheduleDefinitions,
} from '../../scripts/schedules';
import { connectTestClient, uniqueWorkflowSuffix } from '../helpers/temporal';
import type { TestConnections } from '../helpers/temporal';

describe('ensureSchedules', () => {
  let connections: TestConnections;
  const suffix = uniqueWorkflowSuffix();
  const suffixed = (id: string) => `${id}-${suffix}`;

  function definitions(env: Record<string, string>) {
    const config = loadConfig({ ORPHAN_MIN_AGE: '2h', TEMPORAL_TASK_QUEUE: `q-${suffix}`, ...env });
    return scheduleDefinitions(config).map((definition) => ({
      ...definition,
      scheduleId: suffixed(definition.scheduleId),
    }));
  }

  async function scheduleIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const schedule of connections.client.schedule.list()) ids.push(schedule.scheduleId);
    return ids;
  }

  beforeAll(async () => {
    connections = await connectTestClient();
  });

  afterAll(async () => {
    for (const id of [ORPHAN_SCAN_SCHEDULE_ID, HEALTH_SWEEP_SCHEDULE_ID]) {
      await connections.client.schedule
        .getHandle(suffixed(id))
        .delete()
        .catch(() => undefined);
    }
    await connections.close();
  });

  it('creates the orphan-scan and health-sweep schedules once, then updates them in place', async () => {
    const orphanId = suffixed(ORPHAN_SCAN_SCHEDULE_ID);
    const healthId = suffixed(HEALTH_SWEEP_SCHEDULE_ID);
    expect(await ensureSchedules(connections.client, definitions({ ORPHAN_SCAN_INTERVAL: '24h' }))).toEqual([
      { scheduleId: orphanId, outcome: 'created' },
      { scheduleId: healthId, outcome: 'created' },
    ]);
    expect(
      await ensureSchedules(
        connections.client,
        definitions({ ORPHAN_SCAN_INTERVAL: '6h', HEALTH_SWEEP_INTERVAL: '1m' }),
      ),
    ).toEqual([
      { scheduleId: orphanId, outcome: 'updated' },
      { scheduleId: healthId, outcome: 'updated' },
    ]);

    const orphan = await connections.client.schedule.getHandle(orphanId).describe();
    expect(orphan.spec.intervals?.map((i) => i.every)).toEqual([6 * 3_600_000]);
    expect(orphan.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'orphanScan',
      taskQueue: `q-${suffix}`,
      args: [{ minAgeMs: 2 * 3_600_000 }],
    });
    expect(orphan.policies.overlap).toBe('SKIP');

    const health = await connections.client.schedule.getHandle(healthId).describe();
    expect(health.spec.intervals?.map((i) => i.every)).toEqual([60_000]);
    expect(health.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'healthSweep',
      taskQueue: `q-${suffix}`,
    });
    expect(health.policies.overlap).toBe('SKIP');

    const ids = await scheduleIds();
    expect(ids.filter((id) => id === orphanId)).toHaveLength(1);
    expect(ids.filter((id) => id === healthId)).toHaveLength(1);
  });

  it('defaults the health sweep to every 5 minutes', () => {
    const health = definitions({}).find((d) => d.scheduleId === suffixed(HEALTH_SWEEP_SCHEDULE_ID));
    expect(health?.spec.intervals).toEqual([{ every: 5 * 60_000 }]);
  });
});
