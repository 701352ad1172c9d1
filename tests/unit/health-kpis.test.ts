/**
 * The health KPIs: MTTD (mean detection window) and health coverage (covered / targets of the completed sweeps),
 * exact over seeded parts, null when there is nothing to judge, and judged against their targets in the summary.
 */
import { summarizeHealthKpis } from '../../store/health-kpis';
import { KPI_TARGETS, summarizeProvisioningMetrics } from '../../store/provisioning-metrics';

const MINUTE = 60_000;

describe('summarizeHealthKpis', () => {
  it('judges nothing without detections or sweeps', () => {
    expect(summarizeHealthKpis({ detectionWindowsMs: [], sweeps: [] })).toEqual({
      detections: 0,
      mttdMs: null,
      healthCoverage: { sweeps: 0, targets: 0, covered: 0, rate: null },
    });
  });

  it('MTTD is the mean detection window; coverage sums the sweeps', () => {
    const summary = summarizeHealthKpis({
      detectionWindowsMs: [2 * MINUTE, 4 * MINUTE, 9 * MINUTE],
      sweeps: [
        { targets: 10, covered: 10 },
        { targets: 10, covered: 7 },
      ],
    });
    expect(summary).toEqual({
      detections: 3,
      mttdMs: 5 * MINUTE,
      healthCoverage: { sweeps: 2, targets: 20, covered: 17, rate: 17 / 20 },
    });
  });

  it('a sweep over an empty fleet covered all it had to; a sweep never covers more than its targets', () => {
    expect(
      summarizeHealthKpis({ detectionWindowsMs: [], sweeps: [{ targets: 0, covered: 0 }] }).healthCoverage,
    ).toEqual({ sweeps: 1, targets: 0, covered: 0, rate: 1 });
    expect(
      summarizeHealthKpis({ detectionWindowsMs: [], sweeps: [{ targets: 2, covered: 3 }] }).healthCoverage.rate,
    ).toBe(1);
  });
});

describe('the health KPIs in the provisioning summary', () => {
  it('MTTD < 5 min and coverage >= 100 % are met, and missed, at their bounds', () => {
    const kpisOf = (windowMs: number, covered: number) =>
      Object.fromEntries(
        summarizeProvisioningMetrics([], {}, { detectionWindowsMs: [windowMs], sweeps: [{ targets: 4, covered }] })
          .kpis.filter((kpi) => kpi.name === 'mttd' || kpi.name === 'health_coverage')
          .map((kpi) => [kpi.name, [kpi.value, kpi.target, kpi.comparison, kpi.met]]),
      );
    expect(kpisOf(5 * MINUTE - 1, 4)).toEqual({
      mttd: [5 * MINUTE - 1, KPI_TARGETS.mttd, 'lt', true],
      health_coverage: [1, 1, 'gte', true],
    });
    expect(kpisOf(5 * MINUTE, 3)).toEqual({
      mttd: [5 * MINUTE, KPI_TARGETS.mttd, 'lt', false],
      health_coverage: [0.75, 1, 'gte', false],
    });
  });
});
