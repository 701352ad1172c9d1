/**
 * Audit entries of CLI actions: actor `cli:<os user>` (plus "on behalf of" when --requested-by names someone else),
 * source `cli`, outcome `ok` or the error's code. The action's own error is rethrown unchanged.
 */
import { errorCode } from '../lib/errors';
import { cliActor } from './actor';
import type { CliContext } from './context';

/** The OS user of the CLI, and on whose behalf when --requested-by names someone else. */
export function cliActorOnBehalfOf(onBehalfOf: string | undefined): string {
  const actor = cliActor();
  return onBehalfOf && onBehalfOf !== actor ? `${actor} (on behalf of ${onBehalfOf})` : actor;
}

export async function audited<T>(
  ctx: CliContext,
  entry: { action: string; target: string; onBehalfOf?: string; detail?: Record<string, unknown> },
  act: () => Promise<T>,
): Promise<T> {
  let outcome = 'ok';
  try {
    return await act();
  } catch (err) {
    outcome = `error:${errorCode(err) ?? 'unknown'}`;
    throw err;
  } finally {
    await (
      await ctx.store()
    ).appendAudit({
      at: new Date(ctx.now()).toISOString(),
      actor: cliActorOnBehalfOf(entry.onBehalfOf),
      source: 'cli',
      action: entry.action,
      target: entry.target,
      outcome,
      ...(entry.detail ? { detail: entry.detail } : {}),
    });
  }
}
