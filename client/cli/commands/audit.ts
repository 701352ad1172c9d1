/**
 * `audit verify [--json]` (exit 1 when the chain breaks, naming the first bad entry) and
 * `audit list [--actor a] [--target t] [--action x] [--from time] [--to time] [--limit n] [--json]`.
 */
import { AuditQuerySchema } from '../../lib/audit-query';
import { parseWith } from '../../lib/input';
import { booleanFlag, parseFlags, stringFlag } from '../args';
import type { CliContext } from '../context';
import { formatTable } from '../format/table';
import { ExitCode, println, UsageError } from '../io';

export async function runAudit(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'verify') return verify(rest, ctx);
  if (action === 'list') return list(rest, ctx);
  throw new UsageError(action ? `unknown audit action: ${action}` : 'missing audit action (verify, list)');
}

async function verify(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { json: { type: 'boolean' } });
  const result = await (await ctx.store()).verifyAudit();
  if (booleanFlag(flags, 'json')) println(ctx.io.stdout, JSON.stringify(result, null, 2));
  else if (result.ok) println(ctx.io.stdout, `audit trail ok: ${result.entries} entries, head ${result.headHash}`);
  else println(ctx.io.stdout, `audit trail BROKEN at entry ${result.firstBad?.seq}: ${result.firstBad?.message}`);
  return result.ok ? ExitCode.Ok : ExitCode.Failed;
}

const FILTER_FLAGS = ['actor', 'target', 'action', 'from', 'to', 'limit'] as const;

async function list(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, {
    ...Object.fromEntries(FILTER_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
    json: { type: 'boolean' },
  });
  const raw = Object.fromEntries(
    FILTER_FLAGS.flatMap((flag) => {
      const value = stringFlag(flags, flag);
      return value === undefined ? [] : [[flag, value]];
    }),
  );
  const entries = await (await ctx.store()).listAudit(parseWith(AuditQuerySchema, raw));
  if (booleanFlag(flags, 'json')) {
    println(ctx.io.stdout, JSON.stringify(entries, null, 2));
    return ExitCode.Ok;
  }
  const rows = entries.map((e) => [String(e.seq), e.at, e.source, e.actor, e.action, e.target, e.outcome]);
  println(ctx.io.stdout, formatTable(['SEQ', 'AT', 'SOURCE', 'ACTOR', 'ACTION', 'TARGET', 'OUTCOME'], rows));
  return ExitCode.Ok;
}
