/**
 * The SQLite adapter: the shared BrainStore contract on `:memory:` and on a file, then what only a file store has
 * (re-open, WAL, sharing between processes) and the indexes the dashboards' queries rely on.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../store';
import { BUSY_TIMEOUT_MS, openDatabase } from '../../store/sqlite/connection';
import { instanceListQuery, jobListQuery, type ListQuery } from '../../store/sqlite/list-queries';
import { MIGRATIONS } from '../../store/sqlite/migrations';
import { describeBrainStoreContract } from './brain-store.contract';
import { makeInstance, makeJob } from './fixtures';

const tempRoot = mkdtempSync(join(tmpdir(), 'brain-store-'));
let fileCount = 0;
/** A fresh file path in a directory that does not exist yet. */
const freshPath = (): string => join(tempRoot, `run-${++fileCount}`, 'nested', 'brain.db');

afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

describeBrainStoreContract('sqlite :memory:', () => openSqliteStore(':memory:'));
describeBrainStoreContract('sqlite file', () => openSqliteStore(freshPath(), { create: true }));

/** Reads a file store's database behind the adapter's back, read-only. */
function inspect<T>(path: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const migrationRows = (path: string) =>
  inspect(path, (db) => db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all());

describe('SQLite file store', () => {
  it('refuses a file that does not exist (StoreMissing, naming the path) and creates nothing', () => {
    const path = freshPath();
    let failure: { type?: string; message?: string } | undefined;
    try {
      openSqliteStore(path);
    } catch (err) {
      failure = err as { type?: string; message?: string };
    }
    expect(failure?.type).toBe('StoreMissing');
    expect(failure?.message).toContain(path);
    expect(failure?.message).toContain('STORE_CREATE');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('creates the parent directories and runs in WAL mode with a busy timeout', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, { create: true });
    await store.close();
    expect(inspect(path, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    const db = openDatabase(path);
    try {
      expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    } finally {
      db.close();
    }
  });

  it('keeps its data across a re-open without applying migrations again', async () => {
    const path = freshPath();
    const first = openSqliteStore(path, { create: true });
    await first.upsertInstance(makeInstance({ tenantId: 'acme' }));
    await first.upsertJob(makeJob({ tenantId: 'acme' }));
    await first.close();
    const appliedOnce = migrationRows(path);
    expect(appliedOnce).toHaveLength(MIGRATIONS.length);

    const second = openSqliteStore(path);
    try {
      expect(await second.getInstance('acme')).toEqual(makeInstance({ tenantId: 'acme' }));
      expect(await second.getJob('provision-acme')).toEqual(makeJob({ tenantId: 'acme' }));
    } finally {
      await second.close();
    }
    expect(migrationRows(path)).toEqual(appliedOnce);
  });

  it('shares one file between two open stores (worker and API process)', async () => {
    const path = freshPath();
    const worker = openSqliteStore(path, { create: true });
    const api = openSqliteStore(path);
    try {
      await worker.upsertJob(makeJob({ tenantId: 'acme' }));
      expect((await api.getJob('provision-acme'))?.tenantId).toBe('acme');
      expect(
        await api.reserveEmail({
          idempotencyKey: 'k',
          jobId: 'provision-acme',
          tenantId: 'acme',
          kind: 'ready',
          toEmail: 'owner@acme.example',
          createdAt: '2025-01-10T12:00:00.000Z',
        }),
      ).toBe(true);
      expect((await worker.getEmail('k'))?.state).toBe('sending');
    } finally {
      await worker.close();
      await api.close();
    }
    expect(migrationRows(path)).toHaveLength(MIGRATIONS.length);
  });

  it('closes idempotently and refuses work once closed', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.getInstance('acme')).rejects.toThrow(/not open/);
  });
});

describe('SQLite indexes', () => {
  const EXPECTED: Record<string, Record<string, string[]>> = {
    instances: {
      idx_instances_status: ['status'],
      idx_instances_plan: ['plan'],
      idx_instances_created_at: ['created_at'],
      idx_instances_requested_by: ['requested_by'],
    },
    jobs: { idx_jobs_status: ['status'], idx_jobs_tenant_id: ['tenant_id'], idx_jobs_started_at: ['started_at'] },
    emails: { idx_emails_job_id: ['job_id'] },
    orphans: { idx_orphans_scan_id: ['scan_id'], idx_orphans_status: ['status'] },
  };

  const db = openDatabase(':memory:');
  afterAll(() => db.close());

  const plan = (query: ListQuery): string =>
    db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...query.params)
      .map((row) => row.detail)
      .join('\n');

  it.each(Object.entries(EXPECTED))('has the expected indexes on %s', (table, indexes) => {
    const listed = db.pragma(`index_list(${table})`) as { name: string }[];
    for (const [name, columns] of Object.entries(indexes)) {
      expect(listed.map((index) => index.name)).toContain(name);
      const info = db.pragma(`index_info(${name})`) as { name: string }[];
      expect(info.map((column) => column.name)).toEqual(columns);
    }
  });

  it('uses the status indexes for the status filters the store runs', () => {
    expect(plan(instanceListQuery({ status: 'active' }))).toMatch(/SEARCH instances USING INDEX idx_instances_status/);
    expect(plan(instanceListQuery({ status: ['degraded', 'down'] }))).toMatch(/USING INDEX idx_instances_status/);
    expect(plan(jobListQuery({ status: 'failed' }))).toMatch(/SEARCH jobs USING INDEX idx_jobs_status/);
  });

  it('uses the requester, tenant and date indexes for those filters', () => {
    expect(plan(instanceListQuery({ requestedBy: 'ops' }))).toMatch(/USING INDEX idx_instances_requested_by/);
    expect(plan(jobListQuery({ tenantId: 'acme' }))).toMatch(/USING INDEX idx_jobs_tenant_id/);
    expect(plan(jobListQuery({ startedFrom: '2025-01-01T00:00:00.000Z' }))).toMatch(/USING INDEX idx_jobs_started_at/);
  });

  it('binds every filter value as a parameter', () => {
    const query = instanceListQuery({
      status: ['active', 'down'],
      plan: 'pro',
      requestedBy: "ops' --",
      createdFrom: '2025-01-01T00:00:00.000Z',
      limit: 5,
    });
    expect(query.sql).not.toMatch(/active|down|pro'|ops|2025|5/);
    expect(query.params).toEqual(['active', 'down', 'pro', "ops' --", '2025-01-01T00:00:00.000Z', 5]);
  });
});
