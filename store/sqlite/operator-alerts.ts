/**
 * Operator alerts of the SQLite Brain store: things an operator must act on (e.g. a live tenant's owner was never
 * told). One row per idempotency key, so an activity retry never records an alert twice.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore, OperatorAlertRecord } from '../port';
import { OperatorAlertFilterSchema, OperatorAlertRecordSchema, parseStoreInput } from '../record-schemas';

type OperatorAlertMethods = Pick<BrainStore, 'recordOperatorAlert' | 'listOperatorAlerts'>;

interface OperatorAlertRow {
  idempotency_key: string;
  kind: string;
  job_id: string;
  tenant_id: string;
  message: string;
  created_at: string;
}

function alertFromRow(row: OperatorAlertRow): OperatorAlertRecord {
  return {
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    jobId: row.job_id,
    tenantId: row.tenant_id,
    message: row.message,
    createdAt: row.created_at,
  };
}

/** The operator-alert half of the store, over an open, migrated connection. */
export function operatorAlertMethods(db: Database): OperatorAlertMethods {
  const insert = db.prepare<[OperatorAlertRow]>(
    `INSERT INTO operator_alerts (idempotency_key, kind, job_id, tenant_id, message, created_at)
     VALUES (@idempotency_key, @kind, @job_id, @tenant_id, @message, @created_at)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );

  return {
    async recordOperatorAlert(alert) {
      const valid = parseStoreInput(OperatorAlertRecordSchema, alert, 'recordOperatorAlert');
      const result = insert.run({
        idempotency_key: valid.idempotencyKey,
        kind: valid.kind,
        job_id: valid.jobId,
        tenant_id: valid.tenantId,
        message: valid.message,
        created_at: valid.createdAt,
      });
      return result.changes === 1;
    },

    async listOperatorAlerts(filter = {}) {
      const valid = parseStoreInput(OperatorAlertFilterSchema, filter, 'listOperatorAlerts');
      const clauses: string[] = [];
      const params: string[] = [];
      for (const [column, value] of [
        ['job_id', valid.jobId],
        ['tenant_id', valid.tenantId],
        ['kind', valid.kind],
      ] as const) {
        if (value === undefined) continue;
        clauses.push(`${column} = ?`);
        params.push(value);
      }
      const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      return db
        .prepare<string[], OperatorAlertRow>(
          `SELECT * FROM operator_alerts ${where} ORDER BY created_at DESC, idempotency_key ASC`,
        )
        .all(...params)
        .map(alertFromRow);
    },
  };
}
