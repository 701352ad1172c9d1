/** The `metrics` CLI output: figures, failures and each KPI against its target, readable and exact. */
import { formatMetrics } from '../../../client/cli/format/metrics';
import { summarizeProvisioningMetrics } from '../../../store/provisioning-metrics';
import { makeMetricsRecord } from '../../store/fixtures';

const run = (overrides: Parameters<typeof makeMetricsRecord>[0]) => makeMetricsRecord(overrides);

it('shows the figures, the failures and the KPIs against their targets', () => {
  const text = formatMetrics(
    summarizeProvisioningMetrics(
      [
        run({}),
        run({
          outcome: 'cleaned_up',
          hitFault: true,
          failures: [{ step: 'deployFrontend', type: 'DeploymentFailed', at: '2025-01-01T00:00:30.000Z' }],
        }),
      ],
      { from: '2025-01-01T00:00:00.000Z' },
    ),
  );
  expect(text).toMatch(/Runs\s+2 \(1 completed, 1 cleaned up, 0 cancelled\)/);
  expect(text).toMatch(/Success rate\s+50\.0%/);
  expect(text).toMatch(/step\s+deployFrontend\s+1/);
  expect(text).toMatch(/error type\s+DeploymentFailed\s+1/);
  expect(text).toMatch(/success rate\s+50\.0%\s+> 99\.0%\s+NO/);
  expect(text).toMatch(/average provisioning time\s+1m00s\s+< 3m00s\s+yes/);
  expect(text).toMatch(/MTTR of failed jobs\s+-\s+< 15m00s\s+n\/a/);
});

it('says so when a range has no failures', () => {
  expect(formatMetrics(summarizeProvisioningMetrics([]))).toContain('No failures in this range.');
});

it('shows MTTD and health coverage with their targets', () => {
  const text = formatMetrics(
    summarizeProvisioningMetrics([], {}, { detectionWindowsMs: [120_000], sweeps: [{ targets: 4, covered: 3 }] }),
  );
  expect(text).toMatch(/MTTD\s+2m00s \(1 detections\)/);
  expect(text).toMatch(/Health coverage\s+75\.0% \(3 of 4 checks due, 1 sweeps\)/);
  expect(text).toMatch(/MTTD of unhealthy instances\s+2m00s\s+< 5m00s\s+yes/);
  expect(text).toMatch(/health coverage\s+75\.0%\s+>= 100\.0%\s+NO/);
});
