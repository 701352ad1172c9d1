/**
 * Contract of what keeps live tenants safe: the run that reserved an instance, the count of instance records (an
 * empty store is suspicious), and operator alerts stored once per key.
 */
import type { BrainStore } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';
import { makeInstance } from '../fixtures';

export function describeAlertAndReservationContract(getStore: () => BrainStore): void {
  describe('instance reservations', () => {
    it('keeps the run that reserved an instance, and patches it', async () => {
      await getStore().upsertInstance(makeInstance({ tenantId: 'acme', reservedBy: 'provision-acme:run-1' }));
      expect((await getStore().getInstance('acme'))?.reservedBy).toBe('provision-acme:run-1');
      await getStore().updateInstance('acme', { reservedBy: 'provision-acme:run-2' });
      expect((await getStore().getInstance('acme'))?.reservedBy).toBe('provision-acme:run-2');
    });

    it('counts every instance record whatever its status', async () => {
      expect(await getStore().countInstances()).toBe(0);
      await getStore().upsertInstance(makeInstance({ tenantId: 'acme', status: 'removed' }));
      await getStore().upsertInstance(makeInstance({ tenantId: 'bolt', status: 'active' }));
      expect(await getStore().countInstances()).toBe(2);
    });
  });

  describe('operator alerts', () => {
    const alert = {
      idempotencyKey: 'provision-acme:run-1:notifications_failed:0',
      kind: 'notifications_failed',
      jobId: 'provision-acme',
      tenantId: 'acme',
      message: 'ProviderAuthFailed: sendgrid send failed (401)',
      createdAt: '2025-01-10T12:00:00+01:00',
    };

    it('stores an alert once per idempotency key and lists it with canonical times', async () => {
      expect(await getStore().recordOperatorAlert(alert)).toBe(true);
      expect(await getStore().recordOperatorAlert({ ...alert, message: 'a retry of the same alert' })).toBe(false);
      expect(await getStore().listOperatorAlerts()).toEqual([{ ...alert, createdAt: '2025-01-10T11:00:00.000Z' }]);
    });

    it('filters by job, tenant and kind, newest first', async () => {
      await getStore().recordOperatorAlert(alert);
      await getStore().recordOperatorAlert({
        ...alert,
        idempotencyKey: 'k2',
        jobId: 'provision-bolt',
        tenantId: 'bolt',
        createdAt: '2025-01-11T00:00:00.000Z',
      });
      expect((await getStore().listOperatorAlerts()).map((a) => a.tenantId)).toEqual(['bolt', 'acme']);
      expect((await getStore().listOperatorAlerts({ tenantId: 'acme' })).map((a) => a.idempotencyKey)).toEqual([
        alert.idempotencyKey,
      ]);
      expect(await getStore().listOperatorAlerts({ jobId: 'provision-bolt', kind: 'other' })).toEqual([]);
    });

    it('rejects an invalid alert with StoreInvalidRecord and writes nothing', async () => {
      await expect(getStore().recordOperatorAlert({ ...alert, createdAt: 'yesterday' })).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
      });
      expect(await getStore().listOperatorAlerts()).toEqual([]);
    });
  });
}
