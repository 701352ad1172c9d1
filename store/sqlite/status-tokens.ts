/** Public status-page tokens of the SQLite Brain store: looked up by the token's hash, revoked per job. */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { BrainStore, StatusTokenRecord } from '../port';
import { isoTimestamp, parseStoreInput } from '../record-schemas';

type StatusTokenMethods = Pick<BrainStore, 'createStatusToken' | 'getStatusToken' | 'revokeStatusTokens'>;

const StatusTokenInputSchema = z
  .object({
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
    jobId: z.string().min(1),
    tenantName: z.string().min(1).max(200),
    createdAt: isoTimestamp,
  })
  .strict();

interface StatusTokenRow {
  token_hash: string;
  job_id: string;
  tenant_name: string;
  created_at: string;
  revoked_at: string | null;
}

export function statusTokenMethods(db: Database): StatusTokenMethods {
  const insert = db.prepare<[StatusTokenRow]>(
    `INSERT INTO status_tokens (token_hash, job_id, tenant_name, created_at, revoked_at)
     VALUES (@token_hash, @job_id, @tenant_name, @created_at, @revoked_at)`,
  );
  const byHash = db.prepare<[string], StatusTokenRow>('SELECT * FROM status_tokens WHERE token_hash = ?');
  const revoke = db.prepare<[string, string]>(
    'UPDATE status_tokens SET revoked_at = ? WHERE job_id = ? AND revoked_at IS NULL',
  );

  return {
    async createStatusToken(record) {
      const valid = parseStoreInput(StatusTokenInputSchema, record, 'createStatusToken');
      insert.run({
        token_hash: valid.tokenHash,
        job_id: valid.jobId,
        tenant_name: valid.tenantName,
        created_at: valid.createdAt,
        revoked_at: null,
      });
    },

    async getStatusToken(tokenHash) {
      const row = byHash.get(tokenHash);
      return row ? tokenOf(row) : undefined;
    },

    async revokeStatusTokens(jobId, at) {
      return revoke.run(parseStoreInput(isoTimestamp, at, 'revokeStatusTokens'), jobId).changes;
    },
  };
}

function tokenOf(row: StatusTokenRow): StatusTokenRecord {
  return {
    tokenHash: row.token_hash,
    jobId: row.job_id,
    tenantName: row.tenant_name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
