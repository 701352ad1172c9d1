import type { BurstResult } from '../../bench/throughput';
import { renderReport, type BenchReport } from '../../bench/report';
import { PROVISIONING_STEPS } from '../../workflows/contracts/provision-tenant';
import { summarize } from '../../bench/stats';
import { noTrouble } from '../../bench/history-stats';

function burst(kind: BurstResult['kind'], wallMs: number, rssMiB: number): BurstResult {
  return {
    kind,
    jobs: 100,
    wallMs,
    workflowsPerSecond: 100 / (wallMs / 1000),
    completion: summarize([wallMs / 2, wallMs]),
    maxRssBytes: rssMiB * 1024 * 1024,
    cpuMs: { server: 10_000, worker: 20_000, bench: 5_000, machine: 45_000 },
    trouble: noTrouble(),
  };
}

function report(overrides: Partial<BenchReport> = {}): BenchReport {
  return {
    date: new Date('2025-03-01T12:00:00.000Z'),
    machine: { nproc: 4, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v20.0.0', os: 'Linux 6.1', commit: 'abc1234' },
    loadAverage: { start: 0.5, end: 1.5 },
    server: 'in-memory dev server',
    workerSetup: 'worker bundles its workflows at start',
    command: 'npm run bench',
    latency: {
      runs: 20,
      warmupRuns: 2,
      gapMs: 1000,
      provision: summarize([120, 130, 140]),
      floor: summarize([100, 100, 100]),
      p50Ratio: 1.3,
      stepMedianMs: Object.fromEntries(PROVISIONING_STEPS.map((name) => [name, 10])) as never,
      criticalPathMedianMs: 90,
      workflowTasks: {
        provisionTenant: { count: 16, processingMs: 40, dispatchMs: 20 },
        floorGraph: { count: 8, processingMs: 20, dispatchMs: 10 },
      },
    },
    throughput: {
      jobs: 100,
      rounds: 1,
      provision: [burst('provisionTenant', 20_000, 420)],
      floor: [burst('floorGraph', 10_000, 300)],
      provisionPerSecond: 5,
      floorPerSecond: 10,
      throughputRatio: 0.5,
      provisionMaxRssBytes: 420 * 1024 * 1024,
      floorMaxRssBytes: 300 * 1024 * 1024,
      idleRssBytes: 250 * 1024 * 1024,
    },
    ...overrides,
  };
}

describe('renderReport', () => {
  const text = renderReport(report());

  it('states the machine, the load, the server and the exact command', () => {
    expect(text).toContain('4 CPUs (`nproc`; Test CPU)');
    expect(text).toContain('Node v20.0.0');
    expect(text).toContain('0.5 before the run, 1.5 at the end');
    expect(text).toContain('Command: `npm run bench`');
  });

  it('says where the workflow tasks spent their time', () => {
    expect(text).toContain('provisionTenant 16 tasks, 40 ms running + 20 ms waiting for a worker');
    expect(text).toContain('floorGraph 8 tasks, 20 ms running + 10 ms waiting for a worker');
  });

  it('reports each target as met or missed from the figures it was given', () => {
    expect(text).toMatch(/\| Latency p50 .*\| 130 ms \| 100 ms \| 1\.30× \| ≤ 1\.3× \| met \|/);
    expect(text).toMatch(/\| Throughput .*\| 5\.00 wf\/s \| 10\.00 wf\/s \| 0\.50× \| ≥ 0\.8× \| \*\*missed\*\* \|/);
    expect(text).toMatch(/\| Worker RSS.*\| 420 MB \| 300 MB \| {2}\| < 400 MB \| \*\*missed\*\* \|/);
  });

  it('gives CPU per workflow of each process, and what every other process used', () => {
    // 10 s server, 20 s worker, 5 s bench over 100 jobs; 45 s machine − 35 s ours = 10 s others.
    expect(text).toMatch(
      /\| provisionTenant #1 \| 20\.0 s \| 5\.00 \|.*\| 0 \| 0 \| 420 MB \| 100 ms \| 200 ms \| 50 ms \| 100 ms \|/,
    );
  });

  it('lists why activities were retried, escaping table pipes', () => {
    const troubled = burst('provisionTenant', 20_000, 420);
    troubled.trouble.activityRetries = 3;
    troubled.trouble.retryReasons.set('deployFrontend: stage a|b', 3);
    const base = report();
    const withRetries = renderReport({ ...base, throughput: { ...base.throughput, provision: [troubled] } });
    expect(withRetries).toContain('- 3 × deployFrontend: stage a\\|b');
    expect(text).not.toContain('Why activities were retried');
  });

  it('says when the realistic phase was skipped, and reports its jobs when it ran', () => {
    expect(text).toContain('Realistic profile: skipped');
    const withRealistic = renderReport(
      report({
        realistic: {
          factor: 1,
          jobs: [
            {
              workflowId: 'provision-bench-r0',
              e2eMs: 40_500,
              criticalPathMs: 40_000,
              overheadMs: 500,
              stageMs: [1, 2, 3, 4, 5, 6, 7],
              attempts: 11,
            },
          ],
        },
      }),
    );
    expect(withRealistic).toMatch(
      /\| `provision-bench-r0` \| 40\.5 s \| 40\.0 s \| 500 ms \|.*\| 11 \| ≤ 2\.0 s \| met \|/,
    );
  });
});
