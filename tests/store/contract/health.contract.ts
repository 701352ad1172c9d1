/**
 * Contract of the health records: sweep targets and batch boundaries, check results with transitions (skipped when
 * the instance changed meanwhile), alerts raised once per ID and resolved by the recovery notice, delivery state,
 * sweep records, and the dashboard query (counts, filters, pagination).
 */
import type { BrainStore, HealthUpdate, NewHealthAlert } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';
import type { HealthCheck } from '../../../workflows/contracts/health-sweep';
import { makeInstance } from '../fixtures';

const T0 = '2025-02-01T10:00:00.000Z';
const SITE_DOWN: HealthCheck[] = [{ check: 'site', result: 'failed', latencyMs: null, detail: 'site answered 503' }];
const ALL_OK: HealthCheck[] = [{ check: 'site', result: 'ok', latencyMs: 12, detail: 'site answered 200' }];

function alert(tenantId: string, kind: NewHealthAlert['kind'], since = T0): NewHealthAlert {
  return {
    alertId: `${kind}:${tenantId}:${since}`,
    tenantId,
    kind,
    status: kind === 'recovered' ? 'active' : 'down',
    since,
    raisedAt: T0,
    emailState: 'pending',
    webhookState: 'not_configured',
    message: { kind, tenantId },
  };
}

function update(tenantId: string, overrides: Partial<HealthUpdate> = {}): HealthUpdate {
  return {
    tenantId,
    previousStatus: 'active',
    status: 'down',
    unhealthySince: T0,
    checks: SITE_DOWN,
    checkedAt: T0,
    ...overrides,
  };
}

export function describeHealthContract(getStore: () => BrainStore): void {
  describe('health', () => {
    async function seed(): Promise<void> {
      const store = getStore();
      await store.upsertInstance(makeInstance({ tenantId: 'aaa', plan: 'free', createdAt: '2025-01-01T00:00:00Z' }));
      await store.upsertInstance(makeInstance({ tenantId: 'bbb', status: 'down', createdAt: '2025-01-02T00:00:00Z' }));
      await store.upsertInstance(
        makeInstance({ tenantId: 'ccc', status: 'degraded', createdAt: '2025-01-03T00:00:00Z' }),
      );
      await store.upsertInstance(makeInstance({ tenantId: 'ddd', status: 'provisioning' }));
      await store.upsertInstance(makeInstance({ tenantId: 'eee', status: 'removed' }));
      await store.upsertInstance(makeInstance({ tenantId: 'fff', plan: 'free', createdAt: '2025-01-04T00:00:00Z' }));
    }

    it('lists only provisioned instances as targets, by tenant ID, within a range', async () => {
      await seed();
      const all = await getStore().listHealthTargets({ afterTenantId: null, throughTenantId: null, limit: 100 });
      expect(all.map((i) => i.tenantId)).toEqual(['aaa', 'bbb', 'ccc', 'fff']);
      const range = await getStore().listHealthTargets({ afterTenantId: 'aaa', throughTenantId: 'ccc', limit: 100 });
      expect(range.map((i) => i.tenantId)).toEqual(['bbb', 'ccc']);
      expect(await getStore().healthBatchBoundaries(2)).toEqual(['bbb', 'fff']);
      expect(await getStore().healthBatchBoundaries(3)).toEqual(['ccc']);
    });

    it('records a check, its transition and its alert; a changed instance is skipped whole', async () => {
      await seed();
      const store = getStore();
      const written = await store.recordHealthChecks('sweep-1', [
        update('aaa', { alert: alert('aaa', 'unhealthy') }),
        update('fff', { previousStatus: 'down' }), // stale: fff is active
        update('ddd', { previousStatus: 'active' }), // provisioning: never written
        update('bbb', { previousStatus: 'down', status: 'down' }),
      ]);
      expect(written).toEqual({ applied: 2, transitions: 1 });
      expect(await store.getInstance('aaa')).toMatchObject({
        status: 'down',
        unhealthySince: T0,
        lastHealthCheckAt: T0,
      });
      expect((await store.getInstance('fff'))?.status).toBe('active');
      expect((await store.getInstance('ddd'))?.status).toBe('provisioning');
      expect(await store.listHealthTransitions('aaa')).toEqual([
        { tenantId: 'aaa', fromStatus: 'active', toStatus: 'down', at: T0, sweepId: 'sweep-1', checks: SITE_DOWN },
      ]);
      expect(await store.listHealthTransitions('bbb')).toEqual([]);
      expect(await store.tenantsWithOpenAlerts(['aaa', 'bbb', 'fff'])).toEqual(['aaa']);
    });

    it('raises an alert once per ID; the recovery notice resolves the open one', async () => {
      await seed();
      const store = getStore();
      expect(await store.raiseHealthAlert(alert('bbb', 'unhealthy'))).toBe(true);
      expect(await store.raiseHealthAlert(alert('bbb', 'unhealthy'))).toBe(false);
      await store.recordHealthChecks('sweep-2', [
        update('bbb', {
          previousStatus: 'down',
          status: 'active',
          unhealthySince: null,
          checks: ALL_OK,
          checkedAt: '2025-02-01T10:20:00.000Z',
          alert: { ...alert('bbb', 'recovered'), raisedAt: '2025-02-01T10:20:00.000Z' },
        }),
      ]);
      expect(await store.tenantsWithOpenAlerts(['bbb'])).toEqual([]);
      const alerts = await store.listHealthAlerts({ tenantId: 'bbb' });
      expect(alerts.map((a) => [a.kind, a.resolvedAt])).toEqual([
        ['unhealthy', '2025-02-01T10:20:00.000Z'],
        ['recovered', null],
      ]);
      expect((await store.listHealthTransitions('bbb')).map((t) => t.toStatus)).toEqual(['active']);
    });

    it('tracks delivery per channel: undelivered alerts until every pending channel is sent', async () => {
      await seed();
      const store = getStore();
      await store.raiseHealthAlert({ ...alert('aaa', 'unhealthy'), webhookState: 'pending' });
      expect(await store.listHealthAlerts({ undelivered: true })).toHaveLength(1);
      await store.updateHealthAlertDelivery('unhealthy:aaa:' + T0, { emailState: 'sent', lastError: 'webhook: 500' });
      const [half] = await store.listHealthAlerts({ undelivered: true });
      expect(half).toMatchObject({ emailState: 'sent', webhookState: 'pending', lastError: 'webhook: 500' });
      await store.updateHealthAlertDelivery('unhealthy:aaa:' + T0, { webhookState: 'sent', webhookAttempts: 2 });
      expect(await store.listHealthAlerts({ undelivered: true })).toEqual([]);
      expect((await store.listHealthAlerts({ tenantId: 'aaa' }))[0]).toMatchObject({ webhookAttempts: 2 });
    });

    it('keeps sweep records; the latest completed one is what the monitor reads', async () => {
      const store = getStore();
      expect(await store.latestCompletedHealthSweep()).toBeUndefined();
      const counts = { active: 1, degraded: 0, down: 0, undecided: 0 };
      await store.saveHealthSweep({ sweepId: 's1', startedAt: T0, completedAt: null, checked: 0, counts: null });
      expect(await store.latestCompletedHealthSweep()).toBeUndefined();
      await store.saveHealthSweep({
        sweepId: 's1',
        startedAt: T0,
        completedAt: '2025-02-01T10:00:05Z',
        checked: 1,
        counts,
      });
      await store.saveHealthSweep({
        sweepId: 's2',
        startedAt: '2025-02-01T10:05:00Z',
        completedAt: null,
        checked: 0,
        counts: null,
      });
      expect(await store.latestCompletedHealthSweep()).toEqual({
        sweepId: 's1',
        startedAt: T0,
        completedAt: '2025-02-01T10:00:05.000Z',
        checked: 1,
        counts,
      });
    });

    it('answers the dashboard query: counts by status, filters, pages', async () => {
      await seed();
      const store = getStore();
      await store.recordHealthChecks('sweep-1', [
        update('aaa', { previousStatus: 'active', status: 'active', unhealthySince: null, checks: ALL_OK }),
      ]);
      const all = await store.getInstancesHealthStatus();
      expect(all.counts).toEqual({ active: 2, degraded: 1, down: 1 });
      expect(all.total).toBe(4);
      expect(all.instances.map((i) => i.tenantId)).toEqual(['aaa', 'bbb', 'ccc', 'fff']);
      expect(all.instances[0]).toMatchObject({
        tenantId: 'aaa',
        status: 'active',
        lastHealthCheckAt: T0,
        checks: ALL_OK,
      });
      expect(all.nextCursor).toBeNull();

      const unhealthy = await store.getInstancesHealthStatus({ status: ['down', 'degraded'] });
      expect(unhealthy.instances.map((i) => i.tenantId)).toEqual(['bbb', 'ccc']);
      expect(unhealthy.total).toBe(2);

      const free = await store.getInstancesHealthStatus({ plan: 'free' });
      expect(free.counts).toEqual({ active: 2, degraded: 0, down: 0 });

      const created = await store.getInstancesHealthStatus({ createdFrom: '2025-01-02', createdTo: '2025-01-03' });
      expect(created.instances.map((i) => i.tenantId)).toEqual(['bbb', 'ccc']);

      const checked = await store.getInstancesHealthStatus({ checkedFrom: '2025-02-01' });
      expect(checked.instances.map((i) => i.tenantId)).toEqual(['aaa']);

      const first = await store.getInstancesHealthStatus({ limit: 3 });
      expect(first.instances.map((i) => i.tenantId)).toEqual(['aaa', 'bbb', 'ccc']);
      expect(first.nextCursor).toBe('ccc');
      const second = await store.getInstancesHealthStatus({ limit: 3, cursor: first.nextCursor ?? '' });
      expect(second.instances.map((i) => i.tenantId)).toEqual(['fff']);
      expect(second.nextCursor).toBeNull();
    });

    it('rejects a bad filter or record naming the field', async () => {
      await expect(getStore().getInstancesHealthStatus({ limit: 10_000 })).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
        message: expect.stringContaining('limit'),
      });
      await expect(
        getStore().recordHealthChecks('s', [update('aaa', { status: 'sideways' as 'down' })]),
      ).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord, message: expect.stringContaining('status') });
    });
  });
}
