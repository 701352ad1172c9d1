/**
 * Email idempotency records of the SQLite Brain store: a `sending` row is reserved before the provider call and
 * marked `sent` after its 2xx, so a retried activity sends each idempotency key at most once.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore } from '../port';
import { EmailFilterSchema, EmailReservationSchema, EmailSentSchema, parseStoreInput } from '../record-schemas';
import { type EmailRow, emailFromRow } from './rows';

type EmailMethods = Pick<BrainStore, 'getEmail' | 'reserveEmail' | 'markEmailSent' | 'listEmails'>;

/** The email half of the store, over an open, migrated connection. */
export function emailMethods(db: Database): EmailMethods {
  const get = db.prepare<[string], EmailRow>('SELECT * FROM emails WHERE idempotency_key = ?');
  const reserve = db.prepare<[Omit<EmailRow, 'state' | 'provider_message_id' | 'sent_at'>]>(
    `INSERT INTO emails (idempotency_key, job_id, tenant_id, kind, to_email, state, provider_message_id, created_at, sent_at)
     VALUES (@idempotency_key, @job_id, @tenant_id, @kind, @to_email, 'sending', NULL, @created_at, NULL)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const markSent = db.prepare<[{ key: string; message_id: string | null; sent_at: string }]>(
    "UPDATE emails SET state = 'sent', provider_message_id = @message_id, sent_at = @sent_at WHERE idempotency_key = @key",
  );

  return {
    async getEmail(idempotencyKey) {
      const row = get.get(idempotencyKey);
      return row ? emailFromRow(row) : undefined;
    },

    async reserveEmail(record) {
      const valid = parseStoreInput(EmailReservationSchema, record, 'reserveEmail');
      const result = reserve.run({
        idempotency_key: valid.idempotencyKey,
        job_id: valid.jobId,
        tenant_id: valid.tenantId,
        kind: valid.kind,
        to_email: valid.toEmail,
        created_at: valid.createdAt,
      });
      return result.changes === 1;
    },

    /** Marking an unknown key changes nothing (a key is always reserved first). */
    async markEmailSent(idempotencyKey, providerMessageId, sentAt) {
      const valid = parseStoreInput(EmailSentSchema, { idempotencyKey, providerMessageId, sentAt }, 'markEmailSent');
      markSent.run({ key: valid.idempotencyKey, message_id: valid.providerMessageId, sent_at: valid.sentAt });
    },

    async listEmails(filter = {}) {
      const valid = parseStoreInput(EmailFilterSchema, filter, 'listEmails');
      // Only the conditions in use, so SQLite can pick idx_emails_job_id / idx_emails_tenant_id.
      const conditions: string[] = [];
      const params: string[] = [];
      if (valid.jobId !== undefined) {
        conditions.push('job_id = ?');
        params.push(valid.jobId);
      }
      if (valid.tenantId !== undefined) {
        conditions.push('tenant_id = ?');
        params.push(valid.tenantId);
      }
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      return db
        .prepare<string[], EmailRow>(`SELECT * FROM emails${where} ORDER BY created_at ASC, idempotency_key ASC`)
        .all(...params)
        .map(emailFromRow);
    },
  };
}
