/** `provision`: validate, start (or find) the tenant's job, then follow its progress until it settles. */
import { ClientErrorCode, errorCode, type ValidationError } from '../../lib/errors';
import { parseProvisionInput } from '../../lib/input';
import { provisionWorkflowId } from '../../../workflows/contracts/provision-tenant';
import { cliActor } from '../actor';
import { audited } from '../audit';
import { booleanFlag, parseFlags } from '../args';
import type { CliContext } from '../context';
import { formatOutcome, outcomeExitCode } from '../format/outcome';
import { ExitCode, println } from '../io';
import { createProgressRenderer } from '../progress-renderer';
import { buildProvisionInput, formatInputIssues, PROVISION_FLAGS } from '../provision-input';

/** Exit 0 when the tenant is ready, 1 when the job failed/was cancelled/was cleaned up, 2 on bad input. */
export async function runProvision(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const flags = parseFlags(argv, PROVISION_FLAGS);
  let input;
  try {
    input = parseProvisionInput(buildProvisionInput(flags, cliActor()));
  } catch (err) {
    if (errorCode(err) !== ClientErrorCode.InvalidInput) throw err;
    println(stderr, formatInputIssues((err as ValidationError).issues));
    return ExitCode.BadInput;
  }

  const provisioning = await ctx.provisioning();
  const started = await audited(
    ctx,
    { action: 'job.start', target: provisionWorkflowId(input.tenantId), onBehalfOf: input.requestedBy },
    () => provisioning.startProvisioning(input),
  );
  println(
    stdout,
    started.existing
      ? `Job ${started.jobId} already exists (${started.executionStatus.toLowerCase()}, run ${started.runId}).`
      : `Started job ${started.jobId} (run ${started.runId}).`,
  );
  if (booleanFlag(flags, 'no-follow')) {
    println(stdout, `Follow it with: npm run cli -- status ${started.jobId}`);
    return ExitCode.Ok;
  }

  const renderer = createProgressRenderer(stdout, ctx.now);
  try {
    const settled = await provisioning.waitForCompletion(started.jobId, (p) => renderer.update(p), {
      intervalMs: ctx.pollIntervalMs,
      signal: ctx.signal,
    });
    renderer.end();
    println(stdout, formatOutcome(settled));
    return outcomeExitCode(settled);
  } catch (err) {
    renderer.end();
    if (!ctx.signal.aborted) throw err;
    println(stdout, `Stopped following; the job keeps running. Check it with: npm run cli -- status ${started.jobId}`);
    return 130;
  }
}
