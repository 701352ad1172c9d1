/**
 * Opening the SQLite file of the Brain store. The worker and the API process share one file, so a file database
 * runs in WAL mode (readers never block the writer) with a busy timeout (a writer waits for the other process's
 * write instead of failing at once).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { StoreError, StoreErrorType } from '../errors';
import { applyMigrations } from './migrations';

/** How long a write waits for the other process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** True for SQLite's in-memory database names (`:memory:` and the empty name of a private temporary database). */
export function isMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

export interface OpenDatabaseOptions {
  /** Create the file (and its directory) when it does not exist; otherwise a missing file is `StoreMissing`. */
  create?: boolean;
}

/** The variable and flag that allow creating a new store file; named in the `StoreMissing` message. */
export const STORE_CREATE_HINT =
  'set STORE_CREATE=true (or run `npm run cli -- store init`) to create a new, empty store';

/**
 * Opens and migrates the database at `path`. A file path that does not exist is refused with `StoreMissing` naming
 * it, unless `create` (then its parent directory and the file are created). The caller owns the returned connection
 * and must close it.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  if (!isMemoryPath(path)) {
    if (!existsSync(path)) {
      if (!options.create) {
        throw new StoreError(StoreErrorType.Missing, `the store file ${path} does not exist; ${STORE_CREATE_HINT}`);
      }
      mkdirSync(dirname(path), { recursive: true });
    }
  }
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
