/** `cancel <jobId>`: request Temporal cancellation; the workflow compensates what it created, then ends cancelled. */
import { audited } from '../audit';
import { parseFlags, requirePositional } from '../args';
import type { CliContext } from '../context';
import { ExitCode, println } from '../io';

export async function runCancel(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, {}, 1);
  const jobId = requirePositional(flags, 0, 'jobId');
  const provisioning = await ctx.provisioning();
  await audited(ctx, { action: 'job.cancel', target: jobId }, () => provisioning.cancel(jobId));
  println(ctx.io.stdout, `Cancellation of ${jobId} requested; its resources are being compensated.`);
  return ExitCode.Ok;
}
