/**
 * Orphan reports of the SQLite Brain store. Each scan is registered in `orphan_scans` (insertion order = scan
 * order), so the latest scan is known even when it found nothing, and `listOrphans()` then returns an empty list
 * rather than an older scan's orphans. Saving a scan again (a retried activity) refreshes the details of its
 * orphans, keeps their cleanup state, and drops the still-`reported` ones the new list no longer contains.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore } from '../port';
import { OrphanFilterSchema, OrphanMarkSchema, OrphanReportSchema, parseStoreInput } from '../record-schemas';
import { type OrphanRow, orphanFromRow } from './rows';

type OrphanMethods = Pick<BrainStore, 'saveOrphanReport' | 'listOrphans' | 'markOrphan'>;

type OrphanDetails = Omit<OrphanRow, 'status' | 'cleaned_at' | 'cleaned_by' | 'cleanup_error'>;

const orphanKey = (provider: string, id: string): string => JSON.stringify([provider, id]);

/** The orphan half of the store, over an open, migrated connection. */
export function orphanMethods(db: Database): OrphanMethods {
  const registerScan = db.prepare<[string, string]>(
    'INSERT INTO orphan_scans (scan_id, saved_at) VALUES (?, ?) ON CONFLICT (scan_id) DO NOTHING',
  );
  const upsertOrphan = db.prepare<[OrphanDetails]>(
    `INSERT INTO orphans (scan_id, provider, resource_id, name, tenant_id, resource_created_at, age_ms, likely_job_id,
       detected_at, status)
     VALUES (@scan_id, @provider, @resource_id, @name, @tenant_id, @resource_created_at, @age_ms, @likely_job_id,
       @detected_at, 'reported')
     ON CONFLICT (scan_id, provider, resource_id) DO UPDATE SET name = excluded.name, tenant_id = excluded.tenant_id,
       resource_created_at = excluded.resource_created_at, age_ms = excluded.age_ms,
       likely_job_id = excluded.likely_job_id, detected_at = excluded.detected_at`,
  );
  const keysOfScan = db.prepare<[string], { provider: string; resource_id: string; status: string }>(
    'SELECT provider, resource_id, status FROM orphans WHERE scan_id = ?',
  );
  const deleteOrphan = db.prepare<[string, string, string]>(
    'DELETE FROM orphans WHERE scan_id = ? AND provider = ? AND resource_id = ?',
  );
  const latestScan = db.prepare<[], { scan_id: string }>('SELECT scan_id FROM orphan_scans ORDER BY seq DESC LIMIT 1');
  const listOfScan = db.prepare<[string], OrphanRow>(
    'SELECT * FROM orphans WHERE scan_id = ? ORDER BY provider ASC, resource_id ASC',
  );
  const listOfScanWithStatus = db.prepare<[string, string], OrphanRow>(
    'SELECT * FROM orphans WHERE scan_id = ? AND status = ? ORDER BY provider ASC, resource_id ASC',
  );
  const mark = db.prepare<
    [
      {
        status: string;
        cleaned_at: string;
        cleaned_by: string;
        cleanup_error: string | null;
        scan_id: string;
        provider: string;
        resource_id: string;
      },
    ]
  >(
    `UPDATE orphans SET status = @status, cleaned_at = @cleaned_at, cleaned_by = @cleaned_by, cleanup_error = @cleanup_error
     WHERE scan_id = @scan_id AND provider = @provider AND resource_id = @resource_id`,
  );

  const save = db.transaction((scanId: string, orphans: OrphanDetails[]) => {
    registerScan.run(scanId, new Date().toISOString());
    for (const orphan of orphans) upsertOrphan.run(orphan);
    const kept = new Set(orphans.map((orphan) => orphanKey(orphan.provider, orphan.resource_id)));
    for (const row of keysOfScan.all(scanId)) {
      if (row.status === 'reported' && !kept.has(orphanKey(row.provider, row.resource_id))) {
        deleteOrphan.run(scanId, row.provider, row.resource_id);
      }
    }
  });

  return {
    async saveOrphanReport(scanId, orphans) {
      const valid = parseStoreInput(OrphanReportSchema, { scanId, orphans }, 'saveOrphanReport');
      save.immediate(
        valid.scanId,
        valid.orphans.map((orphan) => ({
          scan_id: valid.scanId,
          provider: orphan.provider,
          resource_id: orphan.id,
          name: orphan.name,
          tenant_id: orphan.tenantId,
          resource_created_at: orphan.createdAt,
          age_ms: orphan.ageMs,
          likely_job_id: orphan.likelyJobId,
          detected_at: orphan.detectedAt,
        })),
      );
    },

    async listOrphans(filter = {}) {
      const valid = parseStoreInput(OrphanFilterSchema, filter, 'listOrphans');
      const scanId = valid.scanId ?? latestScan.get()?.scan_id;
      if (scanId === undefined) return [];
      const rows = valid.status === undefined ? listOfScan.all(scanId) : listOfScanWithStatus.all(scanId, valid.status);
      return rows.map(orphanFromRow);
    },

    /** Marking an orphan that is not in the report changes nothing. */
    async markOrphan(scanId, provider, id, patch) {
      const valid = parseStoreInput(OrphanMarkSchema, { scanId, provider, id, ...patch }, 'markOrphan');
      mark.run({
        status: valid.status,
        cleaned_at: valid.cleanedAt,
        cleaned_by: valid.cleanedBy,
        cleanup_error: valid.cleanupError,
        scan_id: valid.scanId,
        provider: valid.provider,
        resource_id: valid.id,
      });
    },
  };
}
