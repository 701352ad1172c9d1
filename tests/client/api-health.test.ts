/**
 * The health routes through the HTTP API: the dashboard query (counts, filters by status, plan and dates, cursor
 * pages, 400 naming the bad field) and the instance route's errors (404 unknown, 409 live check of an instance
 * still provisioning, 400 bad query). Instances are written to the store directly: these tests are about the reads.
 */
import { makeInstance } from '../store/fixtures';
import { startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;

interface DashboardJson {
  counts: Record<string, number>;
  total: number;
  instances: { tenantId: string; status: string }[];
  nextCursor: string | null;
}
const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  api = await startApiFixture();
  const seed = [
    makeInstance({ tenantId: 'dash-a', plan: 'free', createdAt: '2025-03-01T00:00:00Z' }),
    makeInstance({
      tenantId: 'dash-b',
      status: 'down',
      unhealthySince: '2025-03-05T00:00:00Z',
      createdAt: '2025-03-02T00:00:00Z',
    }),
    makeInstance({ tenantId: 'dash-c', status: 'degraded', createdAt: '2025-03-03T00:00:00Z' }),
    makeInstance({ tenantId: 'dash-d', plan: 'enterprise', createdAt: '2025-03-04T00:00:00Z' }),
    makeInstance({ tenantId: 'dash-e', status: 'provisioning' }),
    makeInstance({ tenantId: 'dash-f', status: 'removed' }),
  ];
  for (const instance of seed) await api.stack.store.upsertInstance(instance);
});

afterAll(async () => {
  await api?.close();
});

describe('GET /instances/health', () => {
  it('counts by status and lists provisioned instances', async () => {
    const response = await api.call('GET', '/instances/health');
    expect(response.status).toBe(200);
    const body = response.json as DashboardJson;
    expect(body.counts).toEqual({ active: 2, degraded: 1, down: 1 });
    expect(body.total).toBe(4);
    expect(body.instances.map((i) => i.tenantId)).toEqual(['dash-a', 'dash-b', 'dash-c', 'dash-d']);
  });

  it('filters by status (several, comma-separated), plan and creation date', async () => {
    const unhealthy = (await api.call('GET', '/instances/health?status=down,degraded')).json as DashboardJson;
    expect(unhealthy.instances.map((i) => [i.tenantId, i.status])).toEqual([
      ['dash-b', 'down'],
      ['dash-c', 'degraded'],
    ]);
    expect(unhealthy.counts).toEqual({ active: 2, degraded: 1, down: 1 });
    const free = (await api.call('GET', '/instances/health?plan=free')).json as DashboardJson;
    expect(free.instances.map((i) => i.tenantId)).toEqual(['dash-a']);
    const march = (await api.call('GET', '/instances/health?createdFrom=2025-03-02&createdTo=2025-03-03'))
      .json as DashboardJson;
    expect(march.instances.map((i) => i.tenantId)).toEqual(['dash-b', 'dash-c']);
    const checked = (await api.call('GET', '/instances/health?checkedFrom=2025-01-01')).json as DashboardJson;
    expect(checked.instances).toEqual([]);
  });

  it('pages with the cursor', async () => {
    const first = (await api.call('GET', '/instances/health?limit=3')).json as DashboardJson;
    expect(first.instances.map((i) => i.tenantId)).toEqual(['dash-a', 'dash-b', 'dash-c']);
    expect(first.nextCursor).toBe('dash-c');
    const second = (await api.call('GET', `/instances/health?limit=3&cursor=${first.nextCursor ?? ''}`))
      .json as DashboardJson;
    expect(second.instances.map((i) => i.tenantId)).toEqual(['dash-d']);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 400 invalid_input naming the bad field', async () => {
    const cases: [string, string][] = [
      ['status=sideways', 'status'],
      ['plan=gold', 'plan'],
      ['limit=0', 'limit'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await api.call('GET', `/instances/health?${query}`);
      expect(response.status).toBe(400);
      expect(errorOf(response.json)).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(field) });
    }
  });
});

describe('GET /instance-health/:instanceId', () => {
  it('returns the stored status with its (empty) history', async () => {
    const response = await api.call('GET', '/instance-health/dash-b');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      instanceId: 'dash-b',
      status: 'down',
      healthy: false,
      source: 'stored',
      unhealthySince: '2025-03-05T00:00:00.000Z',
      checks: [],
      history: [],
    });
  });

  it('answers 404 for an unknown instance, 409 for a live check of one still provisioning, 400 for a bad query', async () => {
    const unknown = await api.call('GET', '/instance-health/nobody-here?live=true');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.json).code).toBe('instance_not_found');
    const provisioning = await api.call('GET', '/instance-health/dash-e?live=true');
    expect(provisioning.status).toBe(409);
    expect(errorOf(provisioning.json).code).toBe('instance_not_checkable');
    const bad = await api.call('GET', '/instance-health/dash-a?live=maybe');
    expect(bad.status).toBe(400);
    expect(errorOf(bad.json)).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('live') });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await api.call('GET', '/openapi.json')).json as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/instances/health', '/instance-health/{instanceId}']),
    );
  });
});
