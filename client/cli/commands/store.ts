/**
 * `store init`: creates the store file at STORE_SQLITE_PATH (and applies the migrations) when it does not exist.
 * Every other process refuses to open a missing store file, so a mistyped path never starts an empty store; this
 * is the one explicit way to make a new one (the stack's `up` runs it for its own `.data/brain.sqlite`).
 */
import { existsSync } from 'node:fs';
import type { CliContext } from '../context';
import { ExitCode, println, UsageError } from '../io';

export async function runStore(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'init')
    throw new UsageError(action ? `unknown store action: ${action}` : 'missing store action (init)');
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0] ?? ''}`);
  const path = ctx.config.store.sqlitePath;
  const existed = existsSync(path);
  const { openSqliteStore } = await import('../../../store/sqlite');
  const store = openSqliteStore(path, { create: true });
  await store.close();
  println(ctx.io.stdout, existed ? `store ${path} exists (migrations applied)` : `created store ${path}`);
  return ExitCode.Ok;
}
