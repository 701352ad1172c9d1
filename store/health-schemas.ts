/**
 * Zod schemas of the health records handed to a Brain store (the input boundary shared by every adapter), and the
 * dashboard filter, which the HTTP API documents with the same schema.
 */
import { z } from 'zod';
import { HEALTH_STATUSES } from '../workflows/contracts/health-sweep';
import { TENANT_PLANS } from '../workflows/contracts/provision-tenant';
import { isoTimestamp, rangeBound } from './record-schemas';

export const HEALTH_ALERT_KINDS = ['unhealthy', 'recovered', 'sweep_missing'] as const;
export const ALERT_DELIVERY_STATES = ['pending', 'sent', 'not_configured'] as const;

/** Largest page of the dashboard query. */
export const MAX_HEALTH_PAGE = 500;
export const DEFAULT_HEALTH_PAGE = 50;

export const HealthCheckSchema = z.object({
  check: z.enum(['convex', 'pages', 'site']),
  result: z.enum(['ok', 'slow', 'error', 'failed', 'unknown']),
  latencyMs: z.number().nonnegative().nullable(),
  detail: z.string(),
});

export const NewHealthAlertSchema = z.object({
  alertId: z.string().min(1),
  tenantId: z.string().min(1).nullable(),
  kind: z.enum(HEALTH_ALERT_KINDS),
  status: z.enum(HEALTH_STATUSES).nullable(),
  since: isoTimestamp,
  raisedAt: isoTimestamp,
  emailState: z.enum(ALERT_DELIVERY_STATES),
  webhookState: z.enum(ALERT_DELIVERY_STATES),
  message: z.record(z.string(), z.unknown()),
});

export const HealthUpdateSchema = z.object({
  tenantId: z.string().min(1),
  previousStatus: z.enum(HEALTH_STATUSES),
  status: z.enum(HEALTH_STATUSES),
  unhealthySince: isoTimestamp.nullable(),
  checks: z.array(HealthCheckSchema),
  checkedAt: isoTimestamp,
  alert: NewHealthAlertSchema.optional(),
});

export const HealthAlertDeliveryPatchSchema = z
  .object({
    emailState: z.enum(ALERT_DELIVERY_STATES).optional(),
    webhookState: z.enum(ALERT_DELIVERY_STATES).optional(),
    webhookAttempts: z.number().int().nonnegative().optional(),
    lastError: z.string().nullable().optional(),
  })
  .strict();

export const HealthSweepRecordSchema = z.object({
  sweepId: z.string().min(1),
  startedAt: isoTimestamp,
  completedAt: isoTimestamp.nullable(),
  checked: z.number().int().nonnegative(),
  counts: z
    .object({
      active: z.number().int().nonnegative(),
      degraded: z.number().int().nonnegative(),
      down: z.number().int().nonnegative(),
      undecided: z.number().int().nonnegative(),
    })
    .nullable(),
});

export const InstanceHealthFilterSchema = z
  .object({
    tenantId: z.string().min(1).optional(),
    status: z.union([z.enum(HEALTH_STATUSES), z.array(z.enum(HEALTH_STATUSES))]).optional(),
    plan: z.enum(TENANT_PLANS).optional(),
    createdFrom: rangeBound('from').optional(),
    createdTo: rangeBound('to').optional(),
    checkedFrom: rangeBound('from').optional(),
    checkedTo: rangeBound('to').optional(),
    limit: z.number().int().positive().max(MAX_HEALTH_PAGE).optional(),
    cursor: z.string().min(1).optional(),
  })
  .strict();
