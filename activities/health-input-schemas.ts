/** Zod schemas of the health activities' inputs: a bad input fails at once with `InvalidInput` naming the field. */
import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../workflows/contracts/provision-tenant';
import type {
  CheckHealthBatchInput,
  CompleteHealthSweepInput,
  DeliverHealthAlertsInput,
  PlanHealthSweepInput,
} from './contract';

const sweepId = z.string().min(1);
const tenantId = z.string().regex(TENANT_ID_PATTERN);
const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const PlanHealthSweepInputSchema = z.object({
  sweepId,
  startedAt: timestamp.optional(),
  tenantId: tenantId.optional(),
}) satisfies z.ZodType<PlanHealthSweepInput>;

export const CheckHealthBatchInputSchema = z.object({
  sweepId,
  afterTenantId: z.string().nullable(),
  throughTenantId: z.string().nullable(),
  tenantId: tenantId.optional(),
  checkedAt: timestamp.optional(),
}) satisfies z.ZodType<CheckHealthBatchInput>;

export const DeliverHealthAlertsInputSchema = z.object({ sweepId }) satisfies z.ZodType<DeliverHealthAlertsInput>;

export const CompleteHealthSweepInputSchema = z.object({
  sweepId,
  startedAt: timestamp,
  completedAt: timestamp.optional(),
  checked: count,
  counts: z.object({ active: count, degraded: count, down: count, undecided: count }),
}) satisfies z.ZodType<CompleteHealthSweepInput>;
