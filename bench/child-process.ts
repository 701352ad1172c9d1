/** Helpers for the benchmark's child processes: the tail of their output, and stopping them for sure. */
import type { ChildProcess } from 'node:child_process';

/** Keeps the last `maxLines` lines of a child's output, to show when it fails. */
export class TailBuffer {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines: number) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  text(): string {
    return [...this.lines, this.partial].filter((line) => line.length > 0).join('\n');
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when `child` has exited, or after `timeoutMs` (then to false). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Stops `child`: SIGTERM, then SIGKILL if it is still there after `graceMs`. Resolves once it has exited;
 * idempotent. Only ever signals this child, by its own PID.
 */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, 5_000);
}

/**
 * Last resort: SIGKILLs `child` when this process exits while the child still runs (an uncaught error or
 * `process.exit` skips the orderly stop). The hook is removed once the child exits.
 */
export function killOnExit(child: ChildProcess): void {
  const hook = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', hook);
  child.once('exit', () => process.off('exit', hook));
}
