/** `metrics`: the provisioning metrics of a date range and the KPIs against their targets, as text. Pure. */
import type { Kpi, ProvisioningMetricsSummary } from '../../../store/provisioning-metrics';
import { formatDuration } from './duration';
import { formatFields, formatTable } from './table';

const percent = (value: number | null): string | null => (value === null ? null : `${(value * 100).toFixed(1)}%`);
const seconds = (ms: number | null): string | null => (ms === null ? null : formatDuration(ms));

const KPI_LABELS: Record<Kpi['name'], string> = {
  success_rate: 'success rate',
  average_duration: 'average provisioning time',
  auto_recovery_rate: 'auto-recovery rate',
  mttd: 'MTTD of unhealthy instances',
  mttr: 'MTTR of failed jobs',
  health_coverage: 'health coverage',
};

const COMPARISON_SIGNS: Record<Kpi['comparison'], string> = { gt: '>', gte: '>=', lt: '<' };
const RATE_KPIS: ReadonlySet<Kpi['name']> = new Set(['success_rate', 'auto_recovery_rate', 'health_coverage']);

const kpiFigure = (kpi: Kpi, value: number | null): string | null =>
  RATE_KPIS.has(kpi.name) ? percent(value) : seconds(value);

function kpiTarget(kpi: Kpi): string {
  return `${COMPARISON_SIGNS[kpi.comparison]} ${kpiFigure(kpi, kpi.target) ?? ''}`;
}

export function formatMetrics(summary: ProvisioningMetricsSummary): string {
  const range = `${summary.from ?? 'the beginning'} to ${summary.to ?? 'now'}`;
  const fields = formatFields([
    ['Range', range],
    [
      'Runs',
      `${summary.runs} (${summary.completed} completed, ${summary.cleanedUp} cleaned up, ${summary.cancelled} cancelled)`,
    ],
    ['Success rate', percent(summary.successRate) ?? 'n/a'],
    ['Duration avg', seconds(summary.durationMs.average) ?? 'n/a'],
    ['Duration p50', seconds(summary.durationMs.p50) ?? 'n/a'],
    ['Duration p95', seconds(summary.durationMs.p95) ?? 'n/a'],
    [
      'Auto-recovery',
      `${percent(summary.autoRecoveryRate) ?? 'n/a'} (${summary.autoRecovered} of ${summary.hitFault} that hit a fault)`,
    ],
    ['MTTR', seconds(summary.mttrMs) ?? 'n/a'],
    ['MTTD', `${seconds(summary.mttdMs) ?? 'n/a'} (${summary.detections} detections)`],
    [
      'Health coverage',
      `${percent(summary.healthCoverage.rate) ?? 'n/a'} (${summary.healthCoverage.covered} of ` +
        `${summary.healthCoverage.targets} checks due, ${summary.healthCoverage.sweeps} sweeps)`,
    ],
  ]);
  const failures = [
    ...Object.entries(summary.failuresByStep).map(([step, n]) => ['step', step, n] as const),
    ...Object.entries(summary.failuresByErrorType).map(([type, n]) => ['error type', type, n] as const),
  ];
  const kpis = formatTable(
    ['KPI', 'VALUE', 'TARGET', 'MET'],
    summary.kpis.map((kpi) => [
      KPI_LABELS[kpi.name],
      kpiFigure(kpi, kpi.value),
      kpiTarget(kpi),
      kpi.met === null ? 'n/a' : kpi.met ? 'yes' : 'NO',
    ]),
  );
  return [
    fields,
    '',
    failures.length > 0 ? formatTable(['FAILURES BY', 'NAME', 'COUNT'], failures) : 'No failures in this range.',
    '',
    kpis,
  ].join('\n');
}
