/**
 * The audit trail of the SQLite Brain store: `audit_log` is append-only (triggers reject UPDATE and DELETE) and each
 * row is hash-chained to the one before (store/audit-chain.ts). An append reads the head and inserts the next row in
 * one IMMEDIATE transaction, so two processes appending at once still produce one unbroken chain.
 */
import type { Database } from 'better-sqlite3';
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  type HashedAuditFields,
  type StoredAuditEntry,
  verifyAuditChain,
} from '../audit-chain';
import { AuditEntryInputSchema, AuditFilterSchema } from '../audit-schemas';
import type { AuditEntry, AuditSource, BrainStore } from '../port';
import { parseStoreInput } from '../record-schemas';

type AuditMethods = Pick<BrainStore, 'appendAudit' | 'listAudit' | 'verifyAudit'>;

/** The stored row: the hashed fields (detail as stored JSON text) and the two hashes. */
type AuditRow = Omit<HashedAuditFields, 'detailJson'> & { detail: string; prev_hash: string; hash: string };

function entryOf(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    source: row.source as AuditSource,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function auditMethods(db: Database): AuditMethods {
  const head = db.prepare<[], Pick<AuditRow, 'seq' | 'hash'>>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare<[AuditRow]>(
    `INSERT INTO audit_log (seq, at, actor, source, action, target, outcome, detail, prev_hash, hash)
     VALUES (@seq, @at, @actor, @source, @action, @target, @outcome, @detail, @prev_hash, @hash)`,
  );
  // Columns named as the verifier reads them, so rows go to it without a copy each.
  const chain = db.prepare<[], StoredAuditEntry>(
    `SELECT seq, at, actor, source, action, target, outcome, detail AS detailJson, prev_hash AS prevHash, hash
     FROM audit_log ORDER BY seq ASC`,
  );
  const append = db.transaction((row: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>): AuditRow => {
    const last = head.get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
    const hash = auditEntryHash(prevHash, { ...row, seq, detailJson: row.detail });
    const stored = { ...row, seq, prev_hash: prevHash, hash };
    insert.run(stored);
    return stored;
  });

  return {
    async appendAudit(entry) {
      const valid = parseStoreInput(AuditEntryInputSchema, entry, 'appendAudit');
      return entryOf(append.immediate({ ...valid, detail: JSON.stringify(valid.detail) }));
    },

    async listAudit(filter = {}) {
      const valid = parseStoreInput(AuditFilterSchema, filter, 'listAudit');
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      for (const key of ['actor', 'target', 'action'] as const) {
        const value = valid[key];
        if (value !== undefined) {
          where.push(`${key} = @${key}`);
          params[key] = value;
        }
      }
      if (valid.from !== undefined) {
        where.push('at >= @from');
        params.from = valid.from;
      }
      if (valid.to !== undefined) {
        where.push('at <= @to');
        params.to = valid.to;
      }
      params.limit = valid.limit ?? 1000;
      const sql = `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq ASC LIMIT @limit`;
      return db.prepare<[Record<string, string | number>], AuditRow>(sql).all(params).map(entryOf);
    },

    async verifyAudit() {
      // iterate() streams rows, so verifying a long trail does not hold it all in memory.
      return verifyAuditChain(chain.iterate());
    },
  };
}
