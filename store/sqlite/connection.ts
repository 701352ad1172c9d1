/**
 * Opening the SQLite file of the Brain store. The worker and the API process share one file, so a file database
 * runs in WAL mode (readers never block the writer) with a busy timeout (a writer waits for the other process's
 * write instead of failing at once).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { applyMigrations } from './migrations';

/** How long a write waits for the other process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** True for SQLite's in-memory database names (`:memory:` and the empty name of a private temporary database). */
export function isMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

/**
 * Opens (creating the parent directory of a file path) and migrates the database at `path`. The caller owns the
 * returned connection and must close it.
 */
export function openDatabase(path: string): Database {
  if (!isMemoryPath(path)) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!isMemoryPath(path)) {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
    }
    applyMigrations(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
