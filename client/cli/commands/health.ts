/**
 * `health --summary [filters] [--json]`: the dashboard query (counts by status and the instances);
 * `health <instanceId> [--live] [--json]`: one instance's stored health and history, or checked now through Temporal.
 */
import { booleanFlag, parseFlags, stringFlag } from '../args';
import type { CliContext } from '../context';
import { formatHealthSummary, formatInstanceHealth } from '../format/health';
import { ExitCode, println, UsageError } from '../io';

const FILTER_FLAGS = [
  ['status', 'status'],
  ['plan', 'plan'],
  ['created-from', 'createdFrom'],
  ['created-to', 'createdTo'],
  ['checked-from', 'checkedFrom'],
  ['checked-to', 'checkedTo'],
  ['limit', 'limit'],
  ['cursor', 'cursor'],
] as const;

export async function runHealth(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      summary: { type: 'boolean' },
      live: { type: 'boolean' },
      json: { type: 'boolean' },
      ...Object.fromEntries(FILTER_FLAGS.map(([flag]) => [flag, { type: 'string' as const }])),
    },
    1,
  );
  const json = booleanFlag(flags, 'json');
  const instanceId = flags.positionals[0];
  const { parseHealthDashboardQuery, readInstanceHealth, checkInstanceHealthNow } =
    await import('../../lib/instance-health');
  if (booleanFlag(flags, 'summary')) {
    if (instanceId !== undefined) throw new UsageError('health --summary takes no <instanceId>');
    const query: Record<string, string> = {};
    for (const [flag, field] of FILTER_FLAGS) {
      const value = stringFlag(flags, flag);
      if (value !== undefined) query[field] = value;
    }
    const summary = await (await ctx.store()).getInstancesHealthStatus(parseHealthDashboardQuery(query));
    println(ctx.io.stdout, json ? JSON.stringify(summary, null, 2) : formatHealthSummary(summary));
    return ExitCode.Ok;
  }
  if (instanceId === undefined) throw new UsageError('health needs --summary or an <instanceId>');
  if (FILTER_FLAGS.some(([flag]) => stringFlag(flags, flag) !== undefined)) {
    throw new UsageError('filters go with health --summary');
  }
  const store = await ctx.store();
  const report = booleanFlag(flags, 'live')
    ? await checkInstanceHealthNow(store, instanceId, {
        client: await ctx.temporal(),
        taskQueue: ctx.config.temporal.taskQueue,
      })
    : await readInstanceHealth(store, instanceId);
  println(ctx.io.stdout, json ? JSON.stringify(report, null, 2) : formatInstanceHealth(report));
  return ExitCode.Ok;
}
