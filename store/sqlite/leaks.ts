/**
 * Leak records of the SQLite Brain store: compensations that still failed after their attempts. One row per job and
 * step: recording the same leak again (a retried activity, a second failed cleanup) replaces it with the latest
 * resources, error and time, so admins see what is leaked now, not how often it was reported.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore } from '../port';
import { LeakFilterSchema, LeakRecordSchema, parseStoreInput } from '../record-schemas';
import { type LeakRow, leakFromRow } from './rows';
import { columnsOf, upsertSql } from './upsert-sql';

type LeakMethods = Pick<BrainStore, 'recordLeak' | 'listLeaks'>;

const LEAK_COLUMNS = columnsOf<LeakRow>({
  job_id: true,
  step: true,
  tenant_id: true,
  resources: true,
  error: true,
  recorded_at: true,
});

/** The leak half of the store, over an open, migrated connection. */
export function leakMethods(db: Database): LeakMethods {
  const upsert = db.prepare<[LeakRow]>(upsertSql('leaks', LEAK_COLUMNS, ['job_id', 'step']));
  const listAll = db.prepare<[], LeakRow>('SELECT * FROM leaks ORDER BY recorded_at ASC, job_id ASC, step ASC');
  const listByTenant = db.prepare<[string], LeakRow>(
    'SELECT * FROM leaks WHERE tenant_id = ? ORDER BY recorded_at ASC, job_id ASC, step ASC',
  );

  return {
    async recordLeak(leak) {
      const valid = parseStoreInput(LeakRecordSchema, leak, 'recordLeak');
      upsert.run({
        job_id: valid.jobId,
        step: valid.step,
        tenant_id: valid.tenantId,
        resources: JSON.stringify(valid.resources),
        error: valid.error,
        recorded_at: valid.recordedAt,
      });
    },

    async listLeaks(filter = {}) {
      const valid = parseStoreInput(LeakFilterSchema, filter, 'listLeaks');
      const rows = valid.tenantId === undefined ? listAll.all() : listByTenant.all(valid.tenantId);
      return rows.map(leakFromRow);
    },
  };
}
