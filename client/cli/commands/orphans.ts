/**
 * `orphans scan` (runs the orphanScan workflow now and prints its report), `orphans list` (the latest report from
 * the store) and `orphans cleanup [--scan-id id] [--max n] [--yes]` (the cleanupOrphans workflow; a dry run unless
 * --yes). The CLI calls no provider itself: both go through Temporal.
 */
import { runOrphanCleanup } from '../../lib/admin-workflows';
import { orphanScan } from '../../../workflows/orphan-scan';
import { audited, cliActorOnBehalfOf } from '../audit';
import { booleanFlag, parseFlags, positiveIntFlag, stringFlag } from '../args';
import type { CliContext } from '../context';
import { cleanupExitCode, formatCleanupResult } from '../format/orphan-cleanup';
import { formatOrphanList, formatScanReport } from '../format/orphans';
import { ExitCode, println, UsageError } from '../io';

/** Workflow ID of an on-demand scan (the schedule's runs have their own). */
export function manualScanWorkflowId(now: number): string {
  return `orphan-scan-manual-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
}

export async function runOrphans(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'scan':
      return scan(rest, ctx);
    case 'list':
      return list(rest, ctx);
    case 'cleanup':
      return cleanup(rest, ctx);
    default:
      throw new UsageError(
        action ? `unknown orphans action: ${action}` : 'missing orphans action (scan, list, cleanup)',
      );
  }
}

async function scan(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { json: { type: 'boolean' } });
  const client = await ctx.temporal();
  const result = await client.workflow.execute(orphanScan, {
    workflowId: manualScanWorkflowId(ctx.now()),
    taskQueue: ctx.config.temporal.taskQueue,
    args: [{ minAgeMs: ctx.config.orphans.minAgeMs }],
  });
  println(ctx.io.stdout, booleanFlag(flags, 'json') ? JSON.stringify(result, null, 2) : formatScanReport(result));
  return ExitCode.Ok;
}

async function list(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { 'scan-id': { type: 'string' }, json: { type: 'boolean' } });
  const scanId = stringFlag(flags, 'scan-id');
  const orphans = await (await ctx.store()).listOrphans(scanId ? { scanId } : {});
  println(ctx.io.stdout, booleanFlag(flags, 'json') ? JSON.stringify(orphans, null, 2) : formatOrphanList(orphans));
  return ExitCode.Ok;
}

async function cleanup(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, {
    'scan-id': { type: 'string' },
    yes: { type: 'boolean' },
    'requested-by': { type: 'string' },
    max: { type: 'string' },
    json: { type: 'boolean' },
  });
  const scanId = stringFlag(flags, 'scan-id');
  const maxDeletions = positiveIntFlag(flags, 'max');
  const dryRun = !booleanFlag(flags, 'yes');
  const onBehalfOf = stringFlag(flags, 'requested-by');
  const result = await audited(
    ctx,
    { action: 'orphans.cleanup', target: scanId ?? 'latest-scan', onBehalfOf, detail: { dryRun } },
    async () =>
      runOrphanCleanup(
        { client: await ctx.temporal(), taskQueue: ctx.config.temporal.taskQueue },
        {
          dryRun,
          requestedBy: cliActorOnBehalfOf(onBehalfOf),
          ...(scanId ? { scanId } : {}),
          ...(maxDeletions !== undefined ? { maxDeletions } : {}),
        },
      ),
  );
  println(ctx.io.stdout, booleanFlag(flags, 'json') ? JSON.stringify(result, null, 2) : formatCleanupResult(result));
  return cleanupExitCode(result);
}
