import { benchCommand, parseBenchOptions } from '../../bench/options';

describe('parseBenchOptions', () => {
  it('defaults to the documented run', () => {
    expect(parseBenchOptions({})).toEqual({
      latencyRuns: 20,
      warmupRuns: 2,
      latencyGapMs: 1000,
      throughputJobs: 100,
      throughputRounds: 2,
      realisticJobs: 3,
      skipRealistic: false,
      writeDocs: true,
      workflowBundle: 'prebuilt',
      devServerArgs: [],
      workerEnv: {},
    });
  });

  it('reads counts and explicit booleans; empty values count as unset', () => {
    const options = parseBenchOptions({
      BENCH_LATENCY_RUNS: '5',
      BENCH_THROUGHPUT_JOBS: '10',
      BENCH_SKIP_REALISTIC: '1',
      BENCH_WRITE_DOCS: 'false',
      BENCH_REALISTIC_JOBS: '',
      BENCH_WORKFLOW_BUNDLE: 'source',
      BENCH_DEV_SERVER_ARGS: ' --dynamic-config-value  a=1 ',
      BENCH_WORKER_ENV: 'DEPLOY_POLL_INTERVAL=100ms  PAGES_SITE_URL_TEMPLATE=http://x/{subdomain}?a=b',
    });
    expect(options).toMatchObject({
      latencyRuns: 5,
      throughputJobs: 10,
      skipRealistic: true,
      writeDocs: false,
      realisticJobs: 3,
      workflowBundle: 'source',
      devServerArgs: ['--dynamic-config-value', 'a=1'],
      workerEnv: { DEPLOY_POLL_INTERVAL: '100ms', PAGES_SITE_URL_TEMPLATE: 'http://x/{subdomain}?a=b' },
    });
  });

  it('rejects bad values in one error naming each variable', () => {
    let error: Error | undefined;
    try {
      parseBenchOptions({
        BENCH_LATENCY_RUNS: '0',
        BENCH_SKIP_REALISTIC: 'maybe',
        BENCH_THROUGHPUT_JOBS: 'many',
        BENCH_WORKER_ENV: 'lower=case',
      });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(/BENCH_LATENCY_RUNS/);
    expect(error?.message).toMatch(/BENCH_SKIP_REALISTIC/);
    expect(error?.message).toMatch(/BENCH_THROUGHPUT_JOBS/);
    expect(error?.message).toMatch(/BENCH_WORKER_ENV: must be space-separated NAME=value pairs/);
  });
});

describe('benchCommand', () => {
  it('repeats the variables that were set in front of the command that ran', () => {
    const env = { BENCH_LATENCY_RUNS: '5', TEMPORAL_ADDRESS: 'localhost:7233', PATH: '/usr/bin' };
    expect(benchCommand(env, true)).toBe('BENCH_LATENCY_RUNS=5 TEMPORAL_ADDRESS=localhost:7233 npm run bench');
    expect(benchCommand({}, false)).toBe('npx tsx bench/run.ts');
  });

  it('quotes values a shell would split', () => {
    expect(benchCommand({ BENCH_DEV_SERVER_ARGS: "--x a=1 --y 'b'" }, true)).toBe(
      `BENCH_DEV_SERVER_ARGS='--x a=1 --y '\\''b'\\''' npm run bench`,
    );
  });
});
