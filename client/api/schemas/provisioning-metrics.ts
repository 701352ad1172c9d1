/**
 * `GET /provisioning-metrics`: its query (a date range, last 30 days by default) and its answer (the summary with
 * every KPI against its target, the health counts now, the runs per day), for validation and the OpenAPI document.
 */
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { parseWith } from '../../lib/input';
import { MAX_FILLED_DAYS } from '../../../store/provisioning-metrics-series';
import { rangeBound } from '../../../store/record-schemas';

/** Days the default range spans, today (UTC) included. */
export const DEFAULT_RANGE_DAYS = 30;

export const ProvisioningMetricsQuerySchema = z
  .object({
    from: rangeBound('from')
      .optional()
      .describe(
        `Runs finished at or after: a date (its UTC start) or a date-time; default ${DEFAULT_RANGE_DAYS - 1} days before to`,
      ),
    to: rangeBound('to')
      .optional()
      .describe('Runs finished at or before: a date (its UTC end) or a date-time; default today'),
  })
  .strict();

const DAY_MS = 86_400_000;

/**
 * The range a query asks for (ValidationError naming the field otherwise): its bounds, the missing ones filled with
 * the default (to: the end of today, UTC; from: the start of the day DEFAULT_RANGE_DAYS - 1 days before to).
 */
export function parseMetricsRange(query: unknown, now: Date): { from: string; to: string } {
  const bounds = parseWith(ProvisioningMetricsQuerySchema, query);
  const to = bounds.to ?? `${now.toISOString().slice(0, 10)}T23:59:59.999Z`;
  const firstDay = new Date(Date.parse(to.slice(0, 10)) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const from = bounds.from ?? `${firstDay.toISOString().slice(0, 10)}T00:00:00.000Z`;
  // Canonical ISO strings order as time.
  if (from > to) throw new ValidationError([{ path: 'from', message: `from (${from}) is after to (${to})` }]);
  return { from, to };
}

const rate = z.number().min(0).max(1).nullable();
const ms = z.number().nullable();

export const KpiSchema = z.object({
  name: z.enum(['success_rate', 'average_duration', 'auto_recovery_rate', 'mttd', 'mttr', 'health_coverage']),
  value: z.number().nullable().describe('A rate (0..1) or a duration (ms); null when the range has nothing to judge'),
  target: z.number(),
  comparison: z.enum(['gt', 'gte', 'lt']).describe('gt: must exceed the target; gte: reach it; lt: stay below it'),
  met: z.boolean().nullable(),
});

const counts = z.record(z.string(), z.number().int());

export const ProvisioningMetricsSummarySchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  runs: z.number().int(),
  completed: z.number().int(),
  cleanedUp: z.number().int(),
  cancelled: z.number().int(),
  successRate: rate.describe('completed / (completed + cleaned up)'),
  durationMs: z.object({ average: ms, p50: ms, p95: ms }).describe('Of the completed runs'),
  failuresByStep: counts,
  failuresByErrorType: counts,
  hitFault: z.number().int(),
  autoRecovered: z.number().int(),
  autoRecoveryRate: rate,
  mttrMs: ms.describe('Mean time from the first failure to completion of the runs that failed then completed'),
  detections: z.number().int().describe('Checks that found an active instance degraded or down'),
  mttdMs: ms.describe('Mean window from the check before each detection to the detection'),
  healthCoverage: z.object({
    sweeps: z.number().int().describe('Health sweeps that completed in the range'),
    targets: z.number().int().describe('Live instances activated before each sweep started, summed'),
    covered: z.number().int().describe('Of those, the ones the sweep checked'),
    rate,
  }),
  kpis: z.array(KpiSchema),
});

export const ProvisioningMetricsDaySchema = z.object({
  day: z.iso.date().describe('UTC day of finish'),
  runs: z.number().int(),
  completed: z.number().int(),
  cleanedUp: z.number().int(),
  cancelled: z.number().int(),
  successRate: rate,
  durationMs: z.object({ average: ms, p95: ms }),
});

export const ProvisioningMetricsResponseSchema = z.object({
  summary: ProvisioningMetricsSummarySchema,
  health: z
    .object({
      counts: z.object({ active: z.number().int(), degraded: z.number().int(), down: z.number().int() }),
      total: z.number().int(),
      lastSweepCompletedAt: z.string().nullable().describe('The latest completed health sweep'),
    })
    .describe('Instances by health status now (not limited to the range)'),
  series: z
    .array(ProvisioningMetricsDaySchema)
    .describe(`Every UTC day of the range, oldest first (beyond ${MAX_FILLED_DAYS} days: the days with runs)`),
});
