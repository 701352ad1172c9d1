/**
 * The embedded Brain store (DESIGN.md decision 3): SQLite through better-sqlite3. better-sqlite3 is synchronous;
 * the methods are async only to fit the port, and each statement completes before its promise resolves.
 */
import type { BrainStore } from '../port';
import { auditMethods } from './audit';
import { blockMethods } from './blocks';
import { openDatabase } from './connection';
import { statusTokenMethods } from './status-tokens';
import { emailMethods } from './emails';
import { healthMethods } from './health';
import { instanceMethods } from './instances';
import { jobMethods } from './jobs';
import { leakMethods } from './leaks';
import { operatorAlertMethods } from './operator-alerts';
import { orphanMethods } from './orphans';
import { provisioningMetricsMethods } from './provisioning-metrics';
import { provisioningMetricsSeriesMethods } from './provisioning-metrics-series';
import type { OpenDatabaseOptions } from './connection';

/**
 * Opens the store at `path` (`':memory:'` for a private in-memory database). A file that does not exist is refused
 * (`StoreMissing`, naming the path) unless `{create: true}`: a missing or mistyped path must never start an empty
 * store. A file path gets WAL mode and a busy timeout, so the worker and the API process can share it; pending schema
 * migrations are applied before this returns. The store holds the connection open until `close()` (idempotent).
 */
export function openSqliteStore(path: string, options: OpenDatabaseOptions = {}): BrainStore {
  const db = openDatabase(path, options);
  return {
    ...instanceMethods(db),
    ...jobMethods(db),
    ...emailMethods(db),
    ...leakMethods(db),
    ...orphanMethods(db),
    ...operatorAlertMethods(db),
    ...provisioningMetricsMethods(db),
    ...provisioningMetricsSeriesMethods(db),
    ...auditMethods(db),
    ...blockMethods(db),
    ...statusTokenMethods(db),
    ...healthMethods(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
