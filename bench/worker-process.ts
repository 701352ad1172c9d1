/**
 * Runs bench/bench-worker.ts as a child process (`node --import tsx`, so the child's PID is the worker itself and
 * its RSS is the worker's) and reads its resident memory from /proc/<pid>/status.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { killOnExit, stopChild, TailBuffer } from './child-process';

const READY_TIMEOUT_MS = 180_000;
/** Variables the worker inherits from the bench's own environment; everything else is set explicitly. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'XDG_CACHE_HOME', 'LANG', 'TZ'] as const;

const ReadyMessageSchema = z.object({ type: z.literal('ready'), pid: z.number().int().positive() });

export interface BenchWorkerProcess {
  pid: number;
  /** Rejects as soon as the worker exits unexpectedly; never resolves. */
  failure: Promise<never>;
  /** Races `work` against the worker's failure, so a dead worker fails the bench instead of hanging it. */
  guard<T>(work: Promise<T>): Promise<T>;
  /** Resident set size of the worker now (bytes), or undefined when it cannot be read. */
  rssBytes(): number | undefined;
  /** Stops the worker (SIGTERM, drain, SIGKILL after 20 s); idempotent. */
  stop(): Promise<void>;
}

/** Parses the `VmRSS:` line of a /proc/<pid>/status text into bytes; undefined when there is none. */
export function parseVmRssBytes(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** VmRSS of process `pid` in bytes; undefined when /proc is unavailable or the process is gone. */
export function readRssBytes(pid: number): number | undefined {
  try {
    return parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Starts the worker with `env` (configuration variables, common/config.ts names) and resolves once it polls.
 * Rejects, with the tail of its output, when it exits or is not ready within 3 minutes (then it is stopped).
 */
export async function startBenchWorker(repoRoot: string, env: Record<string, string>): Promise<BenchWorkerProcess> {
  const childEnv: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) childEnv[name] = value;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'bench-worker.ts')], {
    cwd: repoRoot,
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  killOnExit(child);
  const output = new TailBuffer(60);
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  let stopping = false;
  const failure = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`bench worker exited (${code ?? signal}):\n${output.text()}`));
    });
  });
  failure.catch(() => undefined);
  const stop = async () => {
    stopping = true;
    await stopChild(child, 20_000);
  };

  let pid: number;
  try {
    pid = await waitForReady(child, failure);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pid,
    failure,
    guard: (work) => Promise.race([work, failure]),
    rssBytes: () => readRssBytes(pid),
    stop,
  };
}

function waitForReady(child: ReturnType<typeof spawn>, failure: Promise<never>): Promise<number> {
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bench worker not ready within ${READY_TIMEOUT_MS / 1000}s`)),
      READY_TIMEOUT_MS,
    );
    child.on('message', (message: unknown) => {
      const parsed = ReadyMessageSchema.safeParse(message);
      if (!parsed.success) return;
      clearTimeout(timer);
      resolve(parsed.data.pid);
    });
    child.once('exit', () => clearTimeout(timer));
  });
  return Promise.race([ready, failure]);
}

/** Samples a value every `intervalMs` until stopped; `stop()` returns the largest sample (undefined: none). */
export function startMaxSampler(read: () => number | undefined, intervalMs: number): { stop(): number | undefined } {
  let max: number | undefined;
  const sample = () => {
    const value = read();
    if (value !== undefined && (max === undefined || value > max)) max = value;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}
