/** `health`: the dashboard summary and one instance's health report, as text. Pure. */
import type { InstanceHealthReport } from '../../lib/instance-health';
import type { InstancesHealthStatus } from '../../../store/port';
import { formatTable } from './table';

const checksLine = (checks: InstanceHealthReport['checks']) =>
  checks.map((c) => `${c.check}:${c.result}${c.latencyMs === null ? '' : `(${c.latencyMs}ms)`}`).join(' ');

export function formatHealthSummary(summary: InstancesHealthStatus): string {
  const { active, degraded, down } = summary.counts;
  const head = `active ${active}  degraded ${degraded}  down ${down}  (listed: ${summary.total})`;
  if (summary.instances.length === 0) return `${head}\nNo instances match.`;
  const rows = summary.instances.map((i) => [
    i.tenantId,
    i.plan,
    i.status,
    i.unhealthySince,
    i.lastHealthCheckAt,
    checksLine(i.checks),
  ]);
  const table = formatTable(['TENANT', 'PLAN', 'STATUS', 'UNHEALTHY SINCE', 'LAST CHECK', 'CHECKS'], rows);
  return `${head}\n${table}${summary.nextCursor ? `\nmore: --cursor ${summary.nextCursor}` : ''}`;
}

export function formatInstanceHealth(report: InstanceHealthReport): string {
  const lines = [
    `${report.tenantId} (${report.name}, ${report.plan}): ${report.status}${report.source === 'live' ? ' (checked now)' : ''}`,
    `last check: ${report.lastHealthCheckAt ?? 'never'}`,
    ...(report.unhealthySince ? [`unhealthy since: ${report.unhealthySince}`] : []),
  ];
  if (report.checks.length > 0) {
    lines.push(
      formatTable(
        ['CHECK', 'RESULT', 'LATENCY', 'DETAIL'],
        report.checks.map((c) => [c.check, c.result, c.latencyMs === null ? null : `${c.latencyMs} ms`, c.detail]),
      ),
    );
  }
  if (report.history.length > 0) {
    lines.push('history (newest first):', ...report.history.map((t) => `  ${t.at}  ${t.fromStatus} -> ${t.toStatus}`));
  }
  return lines.join('\n');
}
