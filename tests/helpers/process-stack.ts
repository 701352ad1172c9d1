/**
 * The stack as production runs it: the sandbox, the worker and the HTTP API as three processes (`tsx` entry points),
 * against the test run's Temporal server, on a task queue of their own, with every line each process writes kept for
 * the test to read. The worker loads the run's prebuilt workflow bundle. `stop()` ends them (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killOnExit, stopChild } from '../../bench/child-process';
import { formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { temporalAddress, temporalNamespace, uniqueWorkflowSuffix } from './temporal';
import { TEST_ENV_DEFAULTS } from './test-stack';
import { WORKFLOW_BUNDLE_ENV } from './workflow-bundle';

const REPO = resolve(__dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const READY_TIMEOUT_MS = 120_000;

export type ServiceName = 'sandbox' | 'worker' | 'api';

export interface ProcessStack {
  apiUrl: string;
  sandboxUrl: string;
  taskQueue: string;
  dataDir: string;
  /** Bearer tokens of the API's credentials, by role. */
  tokens: { brain: string; admin: string; viewer: string };
  /** The environment every process was given (secrets included: tests grep the logs for them). */
  env: Readonly<Record<string, string>>;
  /** Every line a service wrote so far, stdout and stderr, in order. */
  lines(service: ServiceName): string[];
  /** Every JSON line a service wrote so far, parsed. */
  records(service: ServiceName): Record<string, unknown>[];
  stop(): Promise<void>;
}

class Service {
  readonly lines: string[] = [];
  constructor(
    readonly name: ServiceName,
    readonly child: ChildProcess,
  ) {
    // One unfinished line per stream (a chunk of stdout may end mid-line while stderr writes), decoded as a stream
    // so that a character split across two chunks survives.
    const reader = () => {
      let partial = '';
      return (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        this.lines.push(...parts.filter((line) => line.length > 0));
      };
    };
    child.stdout?.setEncoding('utf8').on('data', reader());
    child.stderr?.setEncoding('utf8').on('data', reader());
    killOnExit(child);
  }

  async waitFor(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const line = this.lines.find((l) => pattern.test(l));
      if (line) return line;
      if (this.child.exitCode !== null)
        throw new Error(`${this.name} exited (${this.child.exitCode}):\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  tail(): string {
    return this.lines.slice(-40).join('\n');
  }
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts sandbox, worker and API in that order; `env` is applied over the test defaults (LOG_LEVEL info). */
export async function startProcessStack(env: Record<string, string> = {}): Promise<ProcessStack> {
  const bundle = process.env[WORKFLOW_BUNDLE_ENV];
  if (!bundle) throw new Error(`${WORKFLOW_BUNDLE_ENV} is not set: run the tests with ./temporal-dev.sh test`);
  const dataDir = mkdtempSync(join(tmpdir(), 'process-stack-'));
  const services: Service[] = [];
  const stop = async (): Promise<void> => {
    for (const service of [...services].reverse()) await stopChild(service.child, 15_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const start = (name: ServiceName, entry: string, serviceEnv: Record<string, string>): Service => {
    const child = spawn(TSX, [entry], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...serviceEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new Service(name, child);
    services.push(service);
    return service;
  };
  try {
    const tokens = { brain: generateApiToken(), admin: generateApiToken(), viewer: generateApiToken() };
    const sandbox = start('sandbox', 'sandbox/main.ts', {
      SANDBOX_PORT: '0',
      SANDBOX_STATE_FILE: join(dataDir, 'sandbox-state.json'),
      LOG_LEVEL: 'info',
    });
    const sandboxUrl = String(parseJsonLine(await sandbox.waitFor(/"msg":"sandbox listening"/))?.url);
    const shared: Record<string, string> = {
      ...TEST_ENV_DEFAULTS,
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: temporalNamespace(),
      TEMPORAL_TASK_QUEUE: `process-stack-${uniqueWorkflowSuffix()}`,
      SANDBOX_URL: sandboxUrl,
      DATA_DIR: dataDir,
      STORE_SQLITE_PATH: join(dataDir, 'brain.sqlite'),
      STORE_CREATE: 'true',
      API_PORT: '0',
      API_CREDENTIALS: [
        formatApiCredential('brain', 'brain', tokens.brain),
        formatApiCredential('ops', 'admin', tokens.admin),
        formatApiCredential('dashboards', 'viewer', tokens.viewer),
      ].join(','),
      ...env,
    };
    const worker = start('worker', 'worker/main.ts', { ...shared, WORKFLOW_BUNDLE_PATH: bundle });
    await worker.waitFor(/"msg":"worker running"/);
    const api = start('api', 'client/api/main.ts', shared);
    const apiPort = Number(parseJsonLine(await api.waitFor(/"msg":"api listening"/))?.port);
    const byName = (name: ServiceName): Service => services.find((s) => s.name === name) as Service;
    return {
      apiUrl: `http://127.0.0.1:${apiPort}`,
      sandboxUrl,
      taskQueue: shared.TEMPORAL_TASK_QUEUE as string,
      dataDir,
      tokens,
      env: shared,
      lines: (name) => [...byName(name).lines],
      records: (name) =>
        byName(name)
          .lines.map(parseJsonLine)
          .filter((record): record is Record<string, unknown> => record !== undefined),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
