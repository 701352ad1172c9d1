/**
 * The embedded Brain store (DESIGN.md decision 3): SQLite through better-sqlite3. better-sqlite3 is synchronous;
 * the methods are async only to fit the port, and each statement completes before its promise resolves.
 */
import type { BrainStore } from '../port';
import { openDatabase } from './connection';
import { emailMethods } from './emails';
import { healthMethods } from './health';
import { instanceMethods } from './instances';
import { jobMethods } from './jobs';
import { leakMethods } from './leaks';
import { orphanMethods } from './orphans';

/**
 * Opens the store at `path` (`':memory:'` for a private in-memory database). A file path gets its parent directory
 * created, WAL mode and a busy timeout, so the worker and the API process can share it; pending schema migrations
 * are applied before this returns. The store holds the connection open until `close()`, which is idempotent.
 */
export function openSqliteStore(path: string): BrainStore {
  const db = openDatabase(path);
  return {
    ...instanceMethods(db),
    ...jobMethods(db),
    ...emailMethods(db),
    ...leakMethods(db),
    ...orphanMethods(db),
    ...healthMethods(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
