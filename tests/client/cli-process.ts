/**
 * Runs one CLI verb as its own process (`tsx client/cli/main.ts`) with only the configuration an admin would export
 * (no inherited provider credentials), against a test stack's dev server, sandbox, store and task queue.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { TestStack } from '../helpers/test-stack';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCliProcess(stack: TestStack, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const fullEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TEMPORAL_ADDRESS: stack.config.temporal.address,
    TEMPORAL_NAMESPACE: stack.config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    SANDBOX_URL: stack.config.sandbox.url,
    DATA_DIR: stack.config.dataDir,
    STORE_SQLITE_PATH: stack.config.store.sqlitePath,
    LOG_LEVEL: 'warn',
    ...env,
  };
  return new Promise((resolve) => {
    execFile(
      TSX,
      [path.join(REPO, 'client/cli/main.ts'), ...args],
      { env: fullEnv, cwd: REPO, timeout: 90_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
