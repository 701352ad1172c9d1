/** The result of `orphans cleanup` (the cleanupOrphans workflow) as a table, with what a dry run would do. Pure. */
import type { CleanupOrphansResult } from '../../../workflows/contracts/admin-workflows';
import { formatTable } from './table';

export function formatCleanupResult(result: CleanupOrphansResult): string {
  const title = result.dryRun
    ? `Dry run of scan ${result.scanId ?? '-'}: nothing was deleted. Run again with --yes to delete.`
    : `Cleanup of scan ${result.scanId ?? '-'} by ${result.requestedBy}: ${result.deleted} deleted (at most ${result.maxDeletions} a run).`;
  if (result.results.length === 0) return `${title}\nNo reported orphans to clean up.`;
  const rows = result.results.map((r) => [r.provider, r.id, r.name, r.tenantId, r.outcome, r.error ?? null]);
  return [title, '', formatTable(['PROVIDER', 'ID', 'NAME', 'TENANT', 'OUTCOME', 'ERROR'], rows)].join('\n');
}

/** 1 when any deletion failed (not for a dry run), else 0. */
export function cleanupExitCode(result: CleanupOrphansResult): 0 | 1 {
  return result.results.some((r) => r.outcome === 'failed' || r.outcome === 'not_owned') ? 1 : 0;
}
