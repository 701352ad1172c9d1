/** `retry <jobId> [--requested-by who]`: resume a failed job from its failed step (the `retry` signal). */
import { cliActor } from '../actor';
import { audited } from '../audit';
import { parseFlags, requirePositional, stringFlag } from '../args';
import type { CliContext } from '../context';
import { ExitCode, println } from '../io';

export async function runRetry(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { 'requested-by': { type: 'string' } }, 1);
  const jobId = requirePositional(flags, 0, 'jobId');
  const requestedBy = stringFlag(flags, 'requested-by') ?? cliActor();
  const provisioning = await ctx.provisioning();
  const result = await audited(ctx, { action: 'job.retry', target: jobId, onBehalfOf: requestedBy }, () =>
    provisioning.retry(jobId, requestedBy),
  );
  println(
    ctx.io.stdout,
    `Retry ${result.previousRetryCount + 1} of ${jobId} requested by ${requestedBy}. ` +
      `Follow it with: npm run cli -- status ${jobId}`,
  );
  return ExitCode.Ok;
}
