/**
 * `metrics [--from <date>] [--to <date>] [--json]`: the provisioning metrics of the jobs that finished in the range
 * (dates or date-times, both ends inclusive and optional) with the KPIs against their targets, from the store.
 */
import { booleanFlag, parseFlags, stringFlag } from '../args';
import type { CliContext } from '../context';
import { formatMetrics } from '../format/metrics';
import { ExitCode, println, UsageError } from '../io';
import { MetricsRangeSchema } from '../../../store/record-schemas';

export async function runMetrics(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
  const from = stringFlag(flags, 'from');
  const to = stringFlag(flags, 'to');
  const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const parsed = MetricsRangeSchema.safeParse(range);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'from';
    throw new UsageError(`--${field} must be a date (2025-01-31) or an ISO date-time`);
  }
  const summary = await (await ctx.store()).getProvisioningMetrics(range);
  println(ctx.io.stdout, booleanFlag(flags, 'json') ? JSON.stringify(summary, null, 2) : formatMetrics(summary));
  return ExitCode.Ok;
}
