/** `status <jobId> [--json]`: the job's `progress` query as a report, or as JSON. */
import { booleanFlag, parseFlags, requirePositional } from '../args';
import type { CliContext } from '../context';
import { formatStatusReport } from '../format/status-report';
import { ExitCode, println } from '../io';

export async function runStatus(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { json: { type: 'boolean' } }, 1);
  const jobId = requirePositional(flags, 0, 'jobId');
  const progress = await (await ctx.provisioning()).getProgress(jobId);
  println(
    ctx.io.stdout,
    booleanFlag(flags, 'json') ? JSON.stringify(progress, null, 2) : formatStatusReport(progress, ctx.now()),
  );
  return ExitCode.Ok;
}
