/**
 * Contract of the instance methods: round trips, patches, every listInstances filter and the per-requester count.
 */
import type { BrainStore, InstanceRecord } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';
import { makeInstance } from '../fixtures';

const ids = (records: InstanceRecord[]): string[] => records.map((record) => record.tenantId);

/** A small fleet: created one day apart (alpha oldest), mixed statuses, plans and requesters. */
const FLEET: InstanceRecord[] = [
  makeInstance({
    tenantId: 'alpha',
    status: 'active',
    plan: 'free',
    requestedBy: 'ops',
    createdAt: '2025-01-01T00:00:00.000Z',
  }),
  makeInstance({
    tenantId: 'bravo',
    status: 'degraded',
    plan: 'pro',
    requestedBy: 'ops',
    createdAt: '2025-01-02T00:00:00.000Z',
  }),
  makeInstance({
    tenantId: 'charlie',
    status: 'down',
    plan: 'pro',
    requestedBy: 'brain',
    createdAt: '2025-01-03T00:00:00.000Z',
  }),
  makeInstance({
    tenantId: 'delta',
    status: 'removed',
    plan: 'enterprise',
    requestedBy: 'ops',
    createdAt: '2025-01-04T00:00:00.000Z',
  }),
  makeInstance({
    tenantId: 'echo',
    status: 'provisioning',
    plan: 'free',
    requestedBy: 'brain',
    createdAt: '2025-01-04T18:30:00.000Z',
  }),
];

export function describeInstanceContract(getStore: () => BrainStore): void {
  describe('instances', () => {
    it('returns an upserted instance as written, and undefined for an unknown tenant', async () => {
      const instance = makeInstance({
        tenantId: 'acme',
        region: 'aws-eu-west-1',
        activatedAt: '2025-01-10T12:05:00.000Z',
        resources: { workosOrganizationId: 'org_1', convexProjectId: 7, siteUrl: 'https://tenant-acme.pages.dev' },
      });
      await getStore().upsertInstance(instance);
      expect(await getStore().getInstance('acme')).toEqual(instance);
      expect(await getStore().getInstance('nobody')).toBeUndefined();
    });

    it('replaces every field on a second upsert of the same tenant', async () => {
      await getStore().upsertInstance(makeInstance({ tenantId: 'acme', status: 'provisioning' }));
      const replacement = makeInstance({
        tenantId: 'acme',
        name: 'Acme Renamed',
        plan: 'enterprise',
        status: 'active',
        resources: { pagesProjectName: 'tenant-acme' },
        updatedAt: '2025-01-11T00:00:00.000Z',
      });
      await getStore().upsertInstance(replacement);
      expect(await getStore().getInstance('acme')).toEqual(replacement);
      expect(await getStore().listInstances()).toHaveLength(1);
    });

    it('stores timestamps with an offset as canonical UTC', async () => {
      await getStore().upsertInstance(makeInstance({ tenantId: 'acme', createdAt: '2025-01-10T14:00:00+02:00' }));
      expect((await getStore().getInstance('acme'))?.createdAt).toBe('2025-01-10T12:00:00.000Z');
    });

    it('rejects an invalid instance with StoreInvalidRecord and writes nothing', async () => {
      const invalid = { ...makeInstance({ tenantId: 'acme' }), plan: 'gold' } as unknown as InstanceRecord;
      await expect(getStore().upsertInstance(invalid)).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord });
      const badTime = makeInstance({ tenantId: 'acme', createdAt: 'yesterday' });
      await expect(getStore().upsertInstance(badTime)).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord });
      expect(await getStore().getInstance('acme')).toBeUndefined();
    });

    it('patches only the fields named, keeping the others', async () => {
      const original = makeInstance({ tenantId: 'acme', status: 'active' });
      await getStore().upsertInstance(original);
      await getStore().updateInstance('acme', {
        status: 'degraded',
        lastHealthCheckAt: '2025-01-10T13:00:00.000Z',
        unhealthySince: '2025-01-10T13:00:00.000Z',
        resources: { siteUrl: 'https://tenant-acme.pages.dev' },
        updatedAt: '2025-01-10T13:00:00.000Z',
      });
      expect(await getStore().getInstance('acme')).toEqual({
        ...original,
        status: 'degraded',
        lastHealthCheckAt: '2025-01-10T13:00:00.000Z',
        unhealthySince: '2025-01-10T13:00:00.000Z',
        resources: { siteUrl: 'https://tenant-acme.pages.dev' },
        updatedAt: '2025-01-10T13:00:00.000Z',
      });
      await getStore().updateInstance('acme', { unhealthySince: null, updatedAt: '2025-01-10T14:00:00.000Z' });
      expect((await getStore().getInstance('acme'))?.unhealthySince).toBeNull();
    });

    it('stamps updatedAt with the current time when a patch omits it', async () => {
      await getStore().upsertInstance(makeInstance({ tenantId: 'acme', updatedAt: '2025-01-10T12:00:00.000Z' }));
      const before = new Date().toISOString();
      await getStore().updateInstance('acme', { status: 'down' });
      const updated = await getStore().getInstance('acme');
      expect(updated?.status).toBe('down');
      expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before));
    });

    it('ignores a patch of an unknown tenant and rejects an invalid patch', async () => {
      await expect(getStore().updateInstance('nobody', { status: 'down' })).resolves.toBeUndefined();
      expect(await getStore().getInstance('nobody')).toBeUndefined();
      await getStore().upsertInstance(makeInstance({ tenantId: 'acme' }));
      const badStatus = { status: 'exploded' } as unknown as Partial<InstanceRecord>;
      await expect(getStore().updateInstance('acme', badStatus)).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
      });
      const renameKey = { tenantId: 'other' } as unknown as Partial<InstanceRecord>;
      await expect(getStore().updateInstance('acme', renameKey)).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
      });
      expect((await getStore().getInstance('acme'))?.status).toBe('active');
    });

    describe('listInstances', () => {
      beforeEach(async () => {
        for (const instance of FLEET) await getStore().upsertInstance(instance);
      });

      it('lists every instance, newest first, without a filter', async () => {
        expect(ids(await getStore().listInstances())).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
        expect(await getStore().listInstances({})).toEqual(await getStore().listInstances());
      });

      it('filters by one status, by several, and by none', async () => {
        expect(ids(await getStore().listInstances({ status: 'down' }))).toEqual(['charlie']);
        expect(ids(await getStore().listInstances({ status: ['active', 'degraded'] }))).toEqual(['bravo', 'alpha']);
        expect(await getStore().listInstances({ status: [] })).toEqual([]);
      });

      it('filters by plan, requester and owner email', async () => {
        expect(ids(await getStore().listInstances({ plan: 'free' }))).toEqual(['echo', 'alpha']);
        expect(ids(await getStore().listInstances({ requestedBy: 'brain' }))).toEqual(['echo', 'charlie']);
        expect(ids(await getStore().listInstances({ ownerEmail: 'owner@bravo.example' }))).toEqual(['bravo']);
      });

      it('filters by an inclusive creation range', async () => {
        const range = { createdFrom: '2025-01-02T00:00:00.000Z', createdTo: '2025-01-04T00:00:00.000Z' };
        expect(ids(await getStore().listInstances(range))).toEqual(['delta', 'charlie', 'bravo']);
        expect(ids(await getStore().listInstances({ createdFrom: '2025-01-04T00:00:00.001Z' }))).toEqual(['echo']);
      });

      it('reads bare dates as whole UTC days', async () => {
        const range = { createdFrom: '2025-01-04', createdTo: '2025-01-04' };
        expect(ids(await getStore().listInstances(range))).toEqual(['echo', 'delta']);
      });

      it('combines filters and keeps the newest `limit` results', async () => {
        expect(ids(await getStore().listInstances({ requestedBy: 'ops', plan: 'pro' }))).toEqual(['bravo']);
        expect(ids(await getStore().listInstances({ limit: 2 }))).toEqual(['echo', 'delta']);
        expect(ids(await getStore().listInstances({ status: ['active', 'degraded', 'down'], limit: 1 }))).toEqual([
          'charlie',
        ]);
      });

      it('matches filter values literally, never as SQL', async () => {
        const sly = "ops' OR '1'='1";
        expect(await getStore().listInstances({ requestedBy: sly })).toEqual([]);
        await getStore().upsertInstance(makeInstance({ tenantId: 'foxtrot', requestedBy: sly }));
        expect(ids(await getStore().listInstances({ requestedBy: sly }))).toEqual(['foxtrot']);
      });

      it('rejects an invalid filter with StoreInvalidRecord', async () => {
        await expect(getStore().listInstances({ limit: 0 })).rejects.toMatchObject({
          type: StoreErrorType.InvalidRecord,
        });
        await expect(getStore().listInstances({ createdFrom: 'last week' })).rejects.toMatchObject({
          type: StoreErrorType.InvalidRecord,
        });
      });

      it('counts the live instances of a requester, leaving out removed ones', async () => {
        expect(await getStore().countLiveInstancesByRequester('ops')).toBe(2);
        expect(await getStore().countLiveInstancesByRequester('brain')).toBe(2);
        expect(await getStore().countLiveInstancesByRequester('nobody')).toBe(0);
      });
    });
  });
}
