/**
 * Runs the tenant backend's convex-test suite (tenant-backend/tests/functions.test.mts). convex-test is ESM-only
 * and finds modules through Vite's `import.meta.glob`; jest here runs CommonJS. Rather than a second test runner,
 * the suite runs under Node's own test runner with tsx (its modules passed explicitly), as a child process, and
 * this test fails with its report unless every Convex function test passed.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const SUITE = resolve(__dirname, '../../tenant-backend/tests/functions.test.mts');

interface RunResult {
  code: number;
  output: string;
}

function runSuite(): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', SUITE],
      { cwd: resolve(__dirname, '../..'), timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe('tenant-backend Convex functions (convex-test)', () => {
  it('passes every test of the suite', async () => {
    const { code, output } = await runSuite();
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
    expect({ code, fail: count('fail'), report: code === 0 ? '' : output }).toEqual({ code: 0, fail: 0, report: '' });
    expect(count('pass')).toBeGreaterThanOrEqual(4);
  });
});
