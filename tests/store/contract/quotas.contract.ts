/** Contract: quota-checked reservations (concurrent and per-day, per requester and per owner email, by plan). */
import type { BrainStore } from '../../../store/port';
import type { QuotaLimits } from '../../../common/quota-policy';
import { makeInstance } from '../fixtures';

const NOW = '2026-02-01T12:00:00.000Z';

export function describeQuotaContract(getStore: () => BrainStore): void {
  describe('reserveInstance', () => {
    const provisioning = (tenantId: string, overrides: Parameters<typeof makeInstance>[0] | object = {}) =>
      makeInstance({ tenantId, status: 'provisioning', createdAt: NOW, requestedBy: 'brain-a', ...overrides });

    it('writes while under every limit and refuses the job that would exceed one, writing nothing', async () => {
      const store = getStore();
      const limits: QuotaLimits = { requester: { concurrent: { pro: 2 } } };
      expect(await store.reserveInstance(provisioning('q-one'), limits, NOW)).toBeUndefined();
      expect(await store.reserveInstance(provisioning('q-two'), limits, NOW)).toBeUndefined();
      expect(await store.reserveInstance(provisioning('q-three'), limits, NOW)).toEqual({
        scope: 'requester',
        kind: 'concurrent',
        count: 2,
        limit: 2,
      });
      expect(await store.getInstance('q-three')).toBeUndefined();
      // The limit is by plan: an enterprise job of the same requester has no limit here.
      expect(await store.reserveInstance(provisioning('q-four', { plan: 'enterprise' }), limits, NOW)).toBeUndefined();
    });

    it("does not count the tenant's own instance (a retried reservation)", async () => {
      const store = getStore();
      const limits: QuotaLimits = { requester: { concurrent: { pro: 1 } } };
      expect(await store.reserveInstance(provisioning('q-own'), limits, NOW)).toBeUndefined();
      expect(await store.reserveInstance(provisioning('q-own'), limits, NOW)).toBeUndefined();
    });

    it('counts per day the instances created in the 24 hours before now, whatever their status', async () => {
      const store = getStore();
      const limits: QuotaLimits = { ownerEmail: { perDay: { free: 2 } } };
      const owner = { ownerEmail: 'same@example.com', plan: 'free' as const };
      const removed = { ...owner, status: 'removed' as const };
      await store.upsertInstance(
        makeInstance({ tenantId: 'q-old', ...removed, createdAt: '2026-01-31T11:59:59.000Z' }),
      );
      await store.upsertInstance(
        makeInstance({ tenantId: 'q-recent', ...removed, createdAt: '2026-01-31T12:00:01.000Z' }),
      );
      expect(await store.reserveInstance(provisioning('q-day-1', owner), limits, NOW)).toBeUndefined();
      expect(await store.reserveInstance(provisioning('q-day-2', owner), limits, NOW)).toMatchObject({
        scope: 'ownerEmail',
        kind: 'perDay',
        count: 2,
      });
    });
  });
}
