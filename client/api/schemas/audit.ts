/** Response schemas of the audit routes (the shapes the store returns). */
import { z } from 'zod';
import { AUDIT_SOURCES } from '../../../store/port';

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  source: z.enum(AUDIT_SOURCES),
  action: z.string(),
  target: z.string(),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  headHash: z.string().describe('Hash of the last good entry: keep it elsewhere to pin the chain'),
  firstBad: z
    .object({
      seq: z.number().int(),
      reason: z.enum(['edited', 'removed', 'inserted_or_reordered']),
      message: z.string(),
    })
    .optional(),
});

export const ClientBlockRecordSchema = z.object({
  client: z.string(),
  reason: z.string(),
  blockedAt: z.string(),
  until: z.string(),
  blockedBy: z.string(),
  liftedAt: z.string().nullable(),
  liftedBy: z.string().nullable(),
});
