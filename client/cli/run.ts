/**
 * Dispatch of `client/cli/main.ts`: verb → command module, and every error → a message and an exit code
 * (2 for bad usage or input, 1 for everything else). No stack traces for expected failures.
 */
import { withCorrelationId } from '../../common/correlation';
import { traceCliCommand } from '../../tracing/cli-command-span';
import { ClientErrorCode, errorCode } from '../lib/errors';
import type { CliContext } from './context';
import { ExitCode, println, type CliIo } from './io';
import { formatInputIssues } from './provision-input';

type Command = (argv: readonly string[], ctx: CliContext) => Promise<number>;

/** Verb → its module, loaded on use so `help` or a typo does not load the Temporal SDK and provider SDKs. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  provision: async () => (await import('./commands/provision')).runProvision,
  status: async () => (await import('./commands/status')).runStatus,
  list: async () => (await import('./commands/list')).runList,
  retry: async () => (await import('./commands/retry')).runRetry,
  cancel: async () => (await import('./commands/cancel')).runCancel,
  orphans: async () => (await import('./commands/orphans')).runOrphans,
  'resend-emails': async () => (await import('./commands/resend-emails')).runResendEmailsCommand,
  store: async () => (await import('./commands/store')).runStore,
  metrics: async () => (await import('./commands/metrics')).runMetrics,
  audit: async () => (await import('./commands/audit')).runAudit,
  blocks: async () => (await import('./commands/blocks')).runBlocks,
  health: async () => (await import('./commands/health')).runHealth,
};

export const USAGE = `Usage: npm run cli -- <verb> [options]

  provision --tenant-id <id> --name <name> --plan free|pro|enterprise --owner-email <email> --owner-name <name>
            [--requested-by <who>] [--region <region>] [--no-follow]
  status <jobId> [--json]
  list [--status <status>] [--tenant-id <id>] [--plan <plan>] [--limit <n>] [--json]
  retry <jobId> [--requested-by <who>]
  cancel <jobId>
  orphans scan | orphans list [--scan-id <id>] [--json]
  orphans cleanup [--scan-id <id>] [--max <n>] [--yes] [--requested-by <who>] [--json]
  resend-emails <jobId> [--kind ready|welcome] [--force] [--requested-by <who>] [--json]
  store init
  metrics [--from <date>] [--to <date>] [--json]
  audit verify [--json] | audit list [--actor <a>] [--target <t>] [--action <x>] [--from <time>] [--to <time>]
                                     [--limit <n>] [--json]
  blocks list [--all] [--json] | blocks lift <client>
  health --summary [--status <s>[,<s>]] [--plan <plan>] [--created-from <date>] [--created-to <date>]
         [--checked-from <date>] [--checked-to <date>] [--limit <n>] [--cursor <c>] [--json]
  health <instanceId> [--live] [--json]

Exit codes: 0 ok, 1 failed (job failed, cancelled or cleaned up; or an error), 2 bad input.`;

/** Runs one verb; `makeContext` is called only for a known verb, and its context is always closed. */
export async function runCli(argv: readonly string[], io: CliIo, makeContext: () => CliContext): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    println(verb === undefined ? io.stderr : io.stdout, USAGE);
    return verb === undefined ? ExitCode.BadInput : ExitCode.Ok;
  }
  const loadCommand = COMMANDS[verb];
  if (!loadCommand) {
    println(io.stderr, `unknown verb: ${verb}\n\n${USAGE}`);
    return ExitCode.BadInput;
  }
  let ctx: CliContext | undefined;
  try {
    const command = await loadCommand();
    const context = (ctx = makeContext());
    const code = await withCorrelationId(context.correlationId, () =>
      traceCliCommand(verb, context.correlationId, () => command(rest, context)),
    );
    context.logger.info('cli command', { verb, exitCode: code });
    return code;
  } catch (err) {
    return reportError(err, io);
  } finally {
    await ctx?.close();
  }
}

/** A store file that does not exist: the message names the path and how to create one. */
function isStoreMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'StoreMissing';
}

function reportError(err: unknown, io: CliIo): number {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'usage') {
    println(io.stderr, `${message}\n\n${USAGE}`);
    return ExitCode.BadInput;
  }
  if (code === ClientErrorCode.InvalidInput) {
    const issues = (err as { issues?: unknown }).issues;
    println(io.stderr, Array.isArray(issues) ? formatInputIssues(issues) : message);
    return ExitCode.BadInput;
  }
  if (isStoreMissing(err)) {
    println(io.stderr, message);
    return ExitCode.Failed;
  }
  if (err instanceof Error && err.name === 'ConfigError') {
    println(io.stderr, message);
    return ExitCode.BadInput;
  }
  println(io.stderr, `error${code ? ` (${code})` : ''}: ${message}`);
  return ExitCode.Failed;
}
