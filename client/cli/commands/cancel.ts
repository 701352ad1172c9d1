/** `cancel <jobId>`: request Temporal cancellation; the workflow compensates what it created, then ends cancelled. */
import { parseFlags, requirePositional } from '../args';
import type { CliContext } from '../context';
import { ExitCode, println } from '../io';

export async function runCancel(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, {}, 1);
  const jobId = requirePositional(flags, 0, 'jobId');
  await (await ctx.provisioning()).cancel(jobId);
  println(ctx.io.stdout, `Cancellation of ${jobId} requested; its resources are being compensated.`);
  return ExitCode.Ok;
}
