/** `list [--status s] [--tenant-id t] [--plan p] [--limit n] [--json]`: jobs from Temporal visibility. */
import { booleanFlag, parseFlags, stringFlag } from '../args';
import type { CliContext } from '../context';
import { formatJobList } from '../format/job-list';
import { ExitCode, println } from '../io';

export async function runList(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, {
    status: { type: 'string' },
    'tenant-id': { type: 'string' },
    plan: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  const filter: Record<string, unknown> = {};
  for (const [flag, field] of [
    ['status', 'status'],
    ['tenant-id', 'tenantId'],
    ['plan', 'plan'],
    ['limit', 'limit'],
  ] as const) {
    const value = stringFlag(flags, flag);
    if (value !== undefined) filter[field] = value;
  }
  const jobs = await (await ctx.provisioning()).list(filter);
  println(ctx.io.stdout, booleanFlag(flags, 'json') ? JSON.stringify(jobs, null, 2) : formatJobList(jobs));
  return ExitCode.Ok;
}
