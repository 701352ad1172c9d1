/**
 * Schema migrations of the SQLite store: ordered, applied once, and refusing a database from a newer build.
 */
import BetterSqlite3 from 'better-sqlite3';
import { StoreErrorType } from '../../store/errors';
import { applyMigrations, MIGRATIONS, type Migration } from '../../store/sqlite/migrations';

describe('SQLite migrations', () => {
  let db: BetterSqlite3.Database;
  beforeEach(() => {
    db = new BetterSqlite3(':memory:');
  });
  afterEach(() => db.close());

  it('are numbered 1, 2, 3, ... in order', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  it('apply every migration to a new database, then nothing on the next run', () => {
    expect(applyMigrations(db)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(applyMigrations(db)).toEqual([]);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining(['emails', 'instances', 'jobs', 'leaks', 'orphan_scans', 'orphans', 'schema_migrations']),
    );
  });

  it('apply only the migrations a database does not have yet', () => {
    const extra: Migration = { version: 2, name: 'test column', sql: 'ALTER TABLE leaks ADD COLUMN note TEXT' };
    expect(applyMigrations(db, [MIGRATIONS[0] as Migration])).toEqual([1]);
    expect(applyMigrations(db, [MIGRATIONS[0] as Migration, extra])).toEqual([2]);
    const columns = db.pragma('table_info(leaks)') as { name: string }[];
    expect(columns.map((column) => column.name)).toContain('note');
  });

  it('roll back a failing migration entirely, recording nothing', () => {
    const broken: Migration = { version: 1, name: 'broken', sql: 'CREATE TABLE t (a TEXT); CREATE TABLE t (b TEXT);' };
    expect(() => applyMigrations(db, [broken])).toThrow(/already exists/);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).toEqual([]);
  });

  it('refuse a database migrated by a newer build with StoreSchemaTooNew', () => {
    const future: Migration = { version: MIGRATIONS.length + 1, name: 'future', sql: 'CREATE TABLE future (a TEXT)' };
    applyMigrations(db, [...MIGRATIONS, future]);
    let caught: unknown;
    try {
      applyMigrations(db);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ type: StoreErrorType.SchemaTooNew });
  });
});
