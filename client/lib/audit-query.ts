/** The audit trail's query, validated at the client boundary (HTTP query string and CLI flags alike). */
import { z } from 'zod';
import { rangeBound } from '../../store/record-schemas';

export const AuditQuerySchema = z
  .object({
    actor: z.string().min(1).max(500).optional(),
    target: z.string().min(1).max(500).optional(),
    action: z.string().min(1).max(64).optional(),
    from: rangeBound('from').optional().describe('Inclusive start: ISO date-time or date'),
    to: rangeBound('to').optional().describe('Inclusive end: ISO date-time or date'),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .strict();
