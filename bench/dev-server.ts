/**
 * The benchmark's Temporal server: a throwaway in-memory `temporal server start-dev` on a free port (with the
 * contract's search attributes, plus any extra arguments), or the server at TEMPORAL_ADDRESS when that is set. `stop()` ends only what was
 * started here. The chaos run (tests/chaos/) starts one on a fixed port with a db file, to restart it mid-run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { CONTRACT_SEARCH_ATTRIBUTES } from '../workflows/contracts/search-attributes';
import { killOnExit, stopChild, TailBuffer } from './child-process';
import { freeLoopbackPort } from '../common/free-port';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export const freePort = freeLoopbackPort;

const CLI_VERSION_DIR = 'temporal-v1.5.1';
const READY_TIMEOUT_MS = 60_000;

export interface BenchTemporalServer {
  address: string;
  namespace: string;
  /** True when the server is the one at TEMPORAL_ADDRESS (not started, not stopped here). */
  external: boolean;
  /** PID of the dev server started here (undefined for an external server). */
  pid: number | undefined;
  /** Stops the server if this module started it; idempotent. */
  stop(): Promise<void>;
}

/** Path of the temporal CLI: TEMPORAL_CLI, else the per-user cache that ./temporal-dev.sh fills. */
export function temporalCliPath(env: NodeJS.ProcessEnv): string {
  if (env.TEMPORAL_CLI) return env.TEMPORAL_CLI;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'tenant-orchestrator', CLI_VERSION_DIR, 'temporal');
}

/** Arguments of `temporal server start-dev` for an in-memory server on `port` with the contract's attributes. */
export function devServerArgs(port: number, namespace: string): string[] {
  const args = ['server', 'start-dev', '--port', String(port), '--headless', '--namespace', namespace];
  args.push('--log-level', 'error');
  for (const key of CONTRACT_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  args.push('--dynamic-config-value', 'frontend.enableServerVersionCheck=false');
  return args;
}

/** Where a started dev server listens and keeps its data (both optional). */
export interface StartTemporalServerOptions {
  /** gRPC port (default: a free one). Restarting on the same port lets clients and workers reconnect. */
  port?: number;
  /** SQLite file of the server's state (`--db-filename`): jobs survive a restart. Default: in memory. */
  dbFilename?: string;
}

/**
 * Uses TEMPORAL_ADDRESS when set; otherwise starts a dev server (in memory unless `options.dbFilename`) and resolves
 * once a client can connect and the contract's search attributes are registered. Rejects (having stopped the
 * server) when it does not come up.
 */
export async function startTemporalServer(
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[] = [],
  options: StartTemporalServerOptions = {},
): Promise<BenchTemporalServer> {
  const namespace = env.TEMPORAL_NAMESPACE || 'default';
  if (env.TEMPORAL_ADDRESS) {
    await waitUntilReady(env.TEMPORAL_ADDRESS, namespace, () => undefined);
    return { address: env.TEMPORAL_ADDRESS, namespace, external: true, pid: undefined, stop: async () => undefined };
  }
  const cli = temporalCliPath(env);
  try {
    accessSync(cli, constants.X_OK);
  } catch {
    throw new Error(
      `temporal CLI not found at ${cli} (run ./temporal-dev.sh up once to build it, or set TEMPORAL_CLI)`,
    );
  }
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const output = new TailBuffer(40);
  const dbArgs = options.dbFilename ? ['--db-filename', options.dbFilename] : [];
  const child = spawn(cli, [...devServerArgs(port, namespace), ...dbArgs, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const stop = () => stopChild(child, 10_000);
  try {
    await waitUntilReady(address, namespace, () => exitedError(child, output));
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, namespace, external: false, pid: child.pid, stop };
}

function exitedError(child: ChildProcess, output: TailBuffer): Error | undefined {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  return new Error(`temporal dev server exited (${child.exitCode ?? child.signalCode}):\n${output.text()}`);
}

async function waitUntilReady(address: string, namespace: string, exited: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const failure = exited();
    if (failure) throw failure;
    try {
      if (await hasContractAttributes(address, namespace)) return;
      lastError = new Error('the contract search attributes are not registered yet');
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Temporal at ${address} was not ready within ${READY_TIMEOUT_MS / 1000}s: ${String(lastError)}`);
}

async function hasContractAttributes(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const names = Object.keys(customAttributes ?? {});
    return CONTRACT_SEARCH_ATTRIBUTES.every((key) => names.includes(key.name));
  } finally {
    await connection.close();
  }
}
