/**
 * The store never starts empty by accident: the worker, the API and the CLI, started as processes with a store path
 * that does not exist, exit non-zero naming the path, and create nothing. `store init` is the explicit way to make one.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { formatApiCredential, generateApiToken } from '../../common/api-credentials';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');

interface Outcome {
  code: number;
  output: string;
}

async function runProcess(args: string[], env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, args, {
      cwd: REPO,
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('a missing store file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'missing-store-'));
  const missing = join(dir, 'typo', 'brian.sqlite');
  // Unreachable on purpose: each process must stop at the store, before it needs Temporal.
  const env = {
    STORE_SQLITE_PATH: missing,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    API_PORT: '0',
    // The API refuses to start without a credential; give it one, so the store is what stops it.
    API_CREDENTIALS: formatApiCredential('missing-store-test', 'admin', generateApiToken()),
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the worker', ['worker/main.ts']],
    ['the API', ['client/api/main.ts']],
    ['the CLI', ['client/cli/main.ts', 'orphans', 'list']],
  ])('%s exits non-zero naming the path, and creates nothing', async (_name, args) => {
    const outcome = await runProcess(args, env);
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain(missing);
    expect(outcome.output).toContain('does not exist');
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('`store init` creates it, after which the CLI opens it', async () => {
    const init = await runProcess(['client/cli/main.ts', 'store', 'init'], env);
    expect(init).toMatchObject({ code: 0 });
    expect(init.output).toContain(`created store ${missing}`);
    expect(existsSync(missing)).toBe(true);
    const list = await runProcess(['client/cli/main.ts', 'orphans', 'list', '--json'], env);
    expect(list).toEqual({ code: 0, output: '[]\n' });
  });
});
