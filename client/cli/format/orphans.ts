/** Orphan scan reports and stored orphan lists as tables. Pure. */
import type { OrphanRecord, ScanOrphansResult } from '../../../activities/contract';
import type { OrphanReportRecord } from '../../../store/port';
import { formatDuration } from './duration';
import { formatTable } from './table';

function orphanRow(orphan: OrphanRecord): (string | null)[] {
  return [orphan.provider, orphan.id, orphan.name, orphan.tenantId, formatDuration(orphan.ageMs), orphan.likelyJobId];
}

const ORPHAN_HEADERS = ['PROVIDER', 'ID', 'NAME', 'TENANT', 'AGE', 'LIKELY JOB'];

/** The result of one `orphanScan` run. */
export function formatScanReport(result: ScanOrphansResult): string {
  const summary = `Scan ${result.scanId}: ${result.scanned} resources scanned, ${result.orphans.length} orphan(s).`;
  return result.orphans.length === 0
    ? summary
    : [summary, '', formatTable(ORPHAN_HEADERS, result.orphans.map(orphanRow))].join('\n');
}

/** Orphans as stored by the latest scan, with their cleanup state. */
export function formatOrphanList(orphans: readonly OrphanReportRecord[]): string {
  if (orphans.length === 0) return 'No orphans reported.';
  const rows = orphans.map((orphan) => [
    ...orphanRow(orphan),
    orphan.status,
    orphan.cleanupError ?? (orphan.cleanedBy ? `by ${orphan.cleanedBy}` : null),
  ]);
  return [`Scan ${orphans[0]?.scanId ?? '-'}`, '', formatTable([...ORPHAN_HEADERS, 'STATUS', 'NOTE'], rows)].join('\n');
}
