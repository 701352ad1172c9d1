/**
 * Contract of leak records and orphan reports: one leak per job step, the latest scan by default, cleanup marks
 * that survive a re-saved scan.
 */
import type { BrainStore } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';
import type { OrphanRecord } from '../../../activities/contract';
import { makeOrphan } from '../fixtures';

const keys = (orphans: { provider: string; id: string }[]): string[] =>
  orphans.map((orphan) => `${orphan.provider}/${orphan.id}`);

const CLEANED = {
  status: 'cleaned' as const,
  cleanedBy: 'admin@brain',
  cleanedAt: '2025-01-10T13:00:00.000Z',
  cleanupError: null,
};

export function describeLeakAndOrphanContract(getStore: () => BrainStore): void {
  describe('leaks', () => {
    const leak = {
      jobId: 'provision-acme',
      tenantId: 'acme',
      step: 'createConvexProject',
      resources: { convexProjectId: 7 },
      error: 'ProviderUnavailable: 503',
      recordedAt: '2025-01-10T12:00:00.000Z',
    };

    it('records leaks and lists them oldest first, by tenant', async () => {
      await getStore().recordLeak({ ...leak, step: 'createPagesProject', recordedAt: '2025-01-10T12:01:00.000Z' });
      await getStore().recordLeak(leak);
      await getStore().recordLeak({ ...leak, jobId: 'provision-other', tenantId: 'other' });
      const all = await getStore().listLeaks();
      expect(all.map((entry) => `${entry.tenantId}:${entry.step}`)).toEqual([
        'acme:createConvexProject',
        'other:createConvexProject',
        'acme:createPagesProject',
      ]);
      expect(all[0]).toEqual(leak);
      expect(await getStore().listLeaks({ tenantId: 'other' })).toHaveLength(1);
    });

    it('keeps one leak per job step, the latest report winning', async () => {
      await getStore().recordLeak(leak);
      const again = { ...leak, error: 'ProviderRateLimited: 429', recordedAt: '2025-01-10T12:10:00.000Z' };
      await getStore().recordLeak(again);
      expect(await getStore().listLeaks()).toEqual([again]);
    });
  });

  describe('orphans', () => {
    const convexOrphan = makeOrphan({ provider: 'convex', id: '101', tenantId: 'lost-one' });
    const pagesOrphan = makeOrphan({ provider: 'cloudflare', id: 'tenant-lost-two', tenantId: 'lost-two' });

    it('lists nothing before any scan', async () => {
      expect(await getStore().listOrphans()).toEqual([]);
    });

    it('lists the latest scan by default and any scan by ID, as reported', async () => {
      await getStore().saveOrphanReport('scan-1', [convexOrphan, pagesOrphan]);
      expect(await getStore().listOrphans()).toEqual([
        { ...pagesOrphan, scanId: 'scan-1', status: 'reported', cleanedAt: null, cleanedBy: null, cleanupError: null },
        { ...convexOrphan, scanId: 'scan-1', status: 'reported', cleanedAt: null, cleanedBy: null, cleanupError: null },
      ]);
      await getStore().saveOrphanReport('scan-2', [convexOrphan]);
      expect(keys(await getStore().listOrphans())).toEqual(['convex/101']);
      expect(keys(await getStore().listOrphans({ scanId: 'scan-1' }))).toEqual([
        'cloudflare/tenant-lost-two',
        'convex/101',
      ]);
      expect(await getStore().listOrphans({ scanId: 'scan-unknown' })).toEqual([]);
    });

    it('shows an empty latest scan as no orphans, not the previous scan', async () => {
      await getStore().saveOrphanReport('scan-1', [convexOrphan]);
      await getStore().saveOrphanReport('scan-2', []);
      expect(await getStore().listOrphans()).toEqual([]);
      expect(keys(await getStore().listOrphans({ scanId: 'scan-1' }))).toEqual(['convex/101']);
    });

    it('marks an orphan and filters by status', async () => {
      await getStore().saveOrphanReport('scan-1', [convexOrphan, pagesOrphan]);
      await getStore().markOrphan('scan-1', 'convex', '101', CLEANED);
      await getStore().markOrphan('scan-1', 'cloudflare', 'tenant-lost-two', {
        status: 'cleanup_failed',
        cleanedBy: 'orphan-cleanup',
        cleanedAt: '2025-01-10T13:00:00.000Z',
        cleanupError: 'ProviderUnavailable: 503',
      });
      expect(await getStore().listOrphans({ status: 'cleaned' })).toEqual([
        { ...convexOrphan, scanId: 'scan-1', ...CLEANED },
      ]);
      expect(await getStore().listOrphans({ scanId: 'scan-1', status: 'cleanup_failed' })).toMatchObject([
        { id: 'tenant-lost-two', cleanupError: 'ProviderUnavailable: 503' },
      ]);
      expect(await getStore().listOrphans({ status: 'reported' })).toEqual([]);
    });

    it('ignores a mark of an orphan that is not in the report', async () => {
      await getStore().saveOrphanReport('scan-1', [convexOrphan]);
      await expect(getStore().markOrphan('scan-1', 'workos', 'org_x', CLEANED)).resolves.toBeUndefined();
      expect(keys(await getStore().listOrphans())).toEqual(['convex/101']);
    });

    it('re-saving a scan keeps cleanup marks and drops reported orphans no longer found', async () => {
      const workosOrphan = makeOrphan({ provider: 'workos', id: 'org_9', tenantId: 'lost-three' });
      await getStore().saveOrphanReport('scan-1', [convexOrphan, pagesOrphan, workosOrphan]);
      await getStore().markOrphan('scan-1', 'convex', '101', CLEANED);
      const older: OrphanRecord = { ...workosOrphan, ageMs: workosOrphan.ageMs + 60_000 };
      await getStore().saveOrphanReport('scan-1', [older]);
      const listed = await getStore().listOrphans({ scanId: 'scan-1' });
      expect(keys(listed)).toEqual(['convex/101', 'workos/org_9']);
      expect(listed[0]).toMatchObject(CLEANED);
      expect(listed[1]).toMatchObject({ status: 'reported', ageMs: older.ageMs });
    });

    it('keeps a re-saved older scan from becoming the latest', async () => {
      await getStore().saveOrphanReport('scan-1', [convexOrphan]);
      await getStore().saveOrphanReport('scan-2', [pagesOrphan]);
      await getStore().saveOrphanReport('scan-1', [convexOrphan]);
      expect(keys(await getStore().listOrphans())).toEqual(['cloudflare/tenant-lost-two']);
    });

    it('rejects an invalid report with StoreInvalidRecord and writes nothing', async () => {
      const invalid = { ...convexOrphan, provider: 'heroku' } as unknown as OrphanRecord;
      await expect(getStore().saveOrphanReport('scan-1', [invalid])).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
      });
      expect(await getStore().listOrphans()).toEqual([]);
    });
  });
}
