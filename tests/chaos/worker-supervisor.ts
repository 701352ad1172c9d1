/**
 * The chaos run's worker: worker/main.ts as a child process (`node --import tsx`, so the child's PID is the worker
 * itself) with the configuration it is given (WORKFLOW_BUNDLE_PATH included), its output appended to a log file.
 * Like a process supervisor it starts the worker again when it dies; `kill()` is the chaos (SIGKILL, then a fresh
 * worker), any other exit is recorded as unexpected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { killOnExit, stopChild, TailBuffer, waitForExit } from '../../bench/child-process';

/** Variables the worker inherits from this process; its configuration is passed explicitly. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'XDG_CACHE_HOME', 'LANG', 'TZ'] as const;
/** The worker's log line once it polls (worker/main.ts). */
const READY_LINE = '"msg":"worker running"';
const READY_TIMEOUT_MS = 180_000;

export interface WorkerExit {
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of the worker's output. */
  output: string;
}

export interface WorkerRestart {
  /** When SIGKILL was sent (ms since the epoch). */
  killedAt: number;
  /** When the new worker reported that it polls. */
  readyAt: number;
}

export interface WorkerSupervisor {
  /** Starts the first worker; resolves once it polls. */
  start(): Promise<void>;
  /** SIGKILLs the worker and starts a new one; resolves once the new one polls. */
  kill(): Promise<WorkerRestart>;
  /** Exits nobody asked for (each was followed by a restart). */
  readonly unexpectedExits: WorkerExit[];
  /** Stops the worker (SIGTERM: it drains; SIGKILL after 20 s) and stops supervising; idempotent. */
  stop(): Promise<void>;
}

/** A supervisor of worker/main.ts run from `repoRoot` with configuration `env`, logging to `logDir/worker.log`. */
export function superviseWorker(repoRoot: string, env: Record<string, string>, logDir: string): WorkerSupervisor {
  const log: WriteStream = createWriteStream(join(logDir, 'worker.log'), { flags: 'a' });
  log.on('error', () => undefined);
  // Output can still arrive after 'exit'; once the log is closed it is dropped.
  const write = (chunk: Buffer | string) => {
    if (!log.writableEnded) log.write(chunk);
  };
  const unexpectedExits: WorkerExit[] = [];
  let current: ChildProcess | undefined;
  let stopping = false;

  const childEnv: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) childEnv[name] = value;
  }

  function spawnWorker(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'worker', 'main.ts')], {
      cwd: repoRoot,
      env: { ...childEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    killOnExit(child);
    const tail = new TailBuffer(40);
    write(`--- worker pid ${child.pid} started ${new Date().toISOString()}\n`);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`worker not ready within ${READY_TIMEOUT_MS / 1000}s`)),
        READY_TIMEOUT_MS,
      );
      let carry = '';
      const onData = (chunk: Buffer) => {
        write(chunk);
        tail.push(chunk);
        const text = carry + chunk.toString();
        carry = text.slice(-READY_LINE.length);
        if (text.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        write(chunk);
        tail.push(chunk);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        write(`--- worker pid ${child.pid} exited (${code ?? signal}) ${new Date().toISOString()}\n`);
        reject(new Error(`worker exited before it was ready (${code ?? signal}):\n${tail.text()}`));
      });
    });
    child.once('exit', (code, signal) => {
      if (stopping || current !== child) return;
      // Not asked for: record it and start a new worker, as a process supervisor would.
      unexpectedExits.push({ at: Date.now(), code, signal, output: tail.text() });
      spawnWorker().catch((err: unknown) => write(`--- restart failed: ${String(err)}\n`));
    });
    return ready;
  }

  return {
    unexpectedExits,
    start: () => spawnWorker(),
    async kill() {
      const victim = current;
      if (!victim) throw new Error('no worker to kill');
      current = undefined;
      const killedAt = Date.now();
      victim.kill('SIGKILL');
      await waitForExit(victim, 10_000);
      await spawnWorker();
      return { killedAt, readyAt: Date.now() };
    },
    async stop() {
      stopping = true;
      if (current) await stopChild(current, 20_000);
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}
