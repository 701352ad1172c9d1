/** `blocks list [--all] [--json]` (clients blocked now, or every block ever) and `blocks lift <client>` (audited). */
import { cliActor } from '../actor';
import { audited } from '../audit';
import { booleanFlag, parseFlags, requirePositional } from '../args';
import type { CliContext } from '../context';
import { formatTable } from '../format/table';
import { ExitCode, println, UsageError } from '../io';

export async function runBlocks(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'list') return list(rest, ctx);
  if (action === 'lift') return lift(rest, ctx);
  throw new UsageError(action ? `unknown blocks action: ${action}` : 'missing blocks action (list, lift)');
}

async function list(argv: readonly string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(argv, { all: { type: 'boolean' }, json: { type: 'boolean' } });
  const now = new Date(ctx.now()).toISOString();
  const blocks = await (await ctx.store()).listBlocks(booleanFlag(flags, 'all') ? {} : { activeAt: now });
  if (booleanFlag(flags, 'json')) println(ctx.io.stdout, JSON.stringify(blocks, null, 2));
  else {
    const rows = blocks.map((b) => [b.client, b.reason, b.blockedAt, b.until, b.liftedBy]);
    println(ctx.io.stdout, formatTable(['CLIENT', 'REASON', 'BLOCKED AT', 'UNTIL', 'LIFTED BY'], rows));
  }
  return ExitCode.Ok;
}

async function lift(argv: readonly string[], ctx: CliContext): Promise<number> {
  const client = requirePositional(parseFlags(argv, {}, 1), 0, 'client');
  const actor = cliActor();
  const store = await ctx.store();
  const lifted = await audited(ctx, { action: 'client.unblock', target: client }, () =>
    store.liftBlock(client, actor, new Date(ctx.now()).toISOString()),
  );
  println(ctx.io.stdout, lifted ? `Lifted the block of ${client}.` : `${client} is not blocked.`);
  return lifted ? ExitCode.Ok : ExitCode.Failed;
}
