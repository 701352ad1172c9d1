/** Zod schemas of the audit trail and client blocks at the store boundary (shared by every adapter). */
import { z } from 'zod';
import { AUDIT_SOURCES } from './port';
import { isoTimestamp, rangeBound } from './record-schemas';

const text = z.string().min(1).max(500);

export const AuditEntryInputSchema = z
  .object({
    at: isoTimestamp,
    actor: text,
    source: z.enum(AUDIT_SOURCES),
    action: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a dotted lowercase name, e.g. job.retry'),
    target: text,
    outcome: text,
    detail: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const AuditFilterSchema = z
  .object({
    actor: text.optional(),
    target: text.optional(),
    action: text.optional(),
    from: rangeBound('from').optional(),
    to: rangeBound('to').optional(),
    limit: z.number().int().positive().max(10_000).optional(),
  })
  .strict();

export const ClientBlockInputSchema = z
  .object({
    client: text,
    reason: text,
    blockedAt: isoTimestamp,
    until: isoTimestamp,
    blockedBy: text,
  })
  .strict();
