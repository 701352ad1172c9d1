/**
 * `resend-emails <jobId> [--kind ready|welcome] [--force] [--requested-by who] [--json]`: sends a completed job's
 * ready and welcome emails again through the resendEmails workflow (by default only those the owner never got).
 */
import { RESENDABLE_EMAIL_KINDS, type ResendableEmailKind } from '../../../workflows/contracts/admin-workflows';
import { runResendEmails } from '../../lib/admin-workflows';
import { audited, cliActorOnBehalfOf } from '../audit';
import { booleanFlag, parseFlags, requirePositional, stringFlag } from '../args';
import type { CliContext } from '../context';
import { ExitCode, println, UsageError } from '../io';

export async function runResendEmailsCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      kind: { type: 'string' },
      force: { type: 'boolean' },
      'requested-by': { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  );
  const jobId = requirePositional(flags, 0, 'jobId');
  const kind = stringFlag(flags, 'kind');
  if (kind !== undefined && !(RESENDABLE_EMAIL_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind must be one of ${RESENDABLE_EMAIL_KINDS.join(', ')}, got "${kind}"`);
  }
  const onBehalfOf = stringFlag(flags, 'requested-by');
  const requestedBy = cliActorOnBehalfOf(onBehalfOf);
  const force = booleanFlag(flags, 'force');
  const result = await audited(
    ctx,
    { action: 'job.resend_emails', target: jobId, onBehalfOf, detail: { force } },
    async () =>
      runResendEmails(
        { client: await ctx.temporal(), taskQueue: ctx.config.temporal.taskQueue },
        { jobId, requestedBy, force, ...(kind ? { kinds: [kind as ResendableEmailKind] } : {}) },
      ),
  );
  if (booleanFlag(flags, 'json')) {
    println(ctx.io.stdout, JSON.stringify(result, null, 2));
  } else {
    const sent = result.sent.length > 0 ? result.sent.join(', ') : 'nothing';
    const skipped =
      result.skipped.length > 0 ? ` (already sent, use --force to send again: ${result.skipped.join(', ')})` : '';
    println(ctx.io.stdout, `Resent for ${jobId} by ${requestedBy}: ${sent}${skipped}`);
  }
  return ExitCode.Ok;
}
