/**
 * Orphan detection and cleanup. An orphan is a provider resource that follows the naming convention (Convex project
 * `tenant-*`, WorkOS organization with external ID `tenant-*`, Pages project `tenant-*`), whose tenant has no live
 * instance in the store, and that is older than `minAgeMs` (younger ones may belong to a job still starting).
 * The scan only reads providers; cleanup deletes through the same delete-if-present helpers as compensations.
 */
import type { OrphanReportRecord } from '../store/port';
import type { OrphanRecord, ProviderResource, ScanOrphansInput, ScanOrphansResult } from './contract';
import type { CallScope } from './call-context';
import { deleteConvexProjectResource, listConvexTenantProjects } from './convex';
import { deletePagesProjectResource, listPagesTenantProjects, isOwnedBy } from './cloudflare';
import type { ActivityDeps } from './deps';
import { ScanOrphansInputSchema } from './input-schemas';
import { tenantIdFromResourceName } from './naming';
import { nowOf, parseInput, runActivity } from './provider-call';
import { LIVE_INSTANCE_STATUSES } from './store-activities';
import { deleteWorkosOrganizationResource, listWorkosTenantOrganizations } from './workos';
import { provisionWorkflowId } from '../workflows/contracts/provision-tenant';

/** Every provider resource that follows the naming convention, with the tenant its name points at. */
export async function listConventionResources(deps: ActivityDeps, scope: CallScope): Promise<ProviderResource[]> {
  const [projects, organizations, pages] = await Promise.all([
    listConvexTenantProjects(deps, scope),
    listWorkosTenantOrganizations(deps, scope),
    listPagesTenantProjects(deps, scope),
  ]);
  const resources: ProviderResource[] = [];
  for (const p of projects) {
    const tenantId = tenantIdFromResourceName(p.name);
    const createdAt = new Date(p.createTime ?? 0).toISOString();
    if (tenantId) resources.push({ provider: 'convex', id: String(p.id), name: p.name, tenantId, createdAt });
  }
  for (const o of organizations) {
    const tenantId = tenantIdFromResourceName(o.externalId);
    if (tenantId)
      resources.push({ provider: 'workos', id: o.id, name: o.externalId ?? o.name, tenantId, createdAt: o.createdAt });
  }
  for (const p of pages) {
    const tenantId = tenantIdFromResourceName(p.name);
    // A Pages project named like ours but carrying another tenant's ownership env var is not ours to report.
    if (tenantId && isOwnedBy(p, tenantId)) {
      resources.push({ provider: 'cloudflare', id: p.name, name: p.name, tenantId, createdAt: p.created_on });
    }
  }
  return resources;
}

/** The tenants that hold live instances in the store. */
async function liveTenants(deps: ActivityDeps): Promise<Set<string>> {
  const instances = await deps.store.listInstances({ status: [...LIVE_INSTANCE_STATUSES] });
  return new Set(instances.map((i) => i.tenantId));
}

/**
 * Lists every resource that follows the naming convention, reports those no live instance owns and older than
 * `minAgeMs`, and saves the report under `scanId`. Read-only towards providers; idempotent per scanId.
 */
export async function scanOrphans(deps: ActivityDeps, rawInput: ScanOrphansInput): Promise<ScanOrphansResult> {
  const input = parseInput(ScanOrphansInputSchema, rawInput, 'scanOrphans');
  return runActivity(deps, 'scanOrphans', async (scope) => {
    const minAgeMs = input.minAgeMs ?? deps.config.orphans.minAgeMs;
    const resources = await listConventionResources(deps, scope);
    const live = await liveTenants(deps);
    const now = nowOf(deps);
    const detectedAt = now.toISOString();
    const orphans: OrphanRecord[] = [];
    for (const resource of resources) {
      if (live.has(resource.tenantId)) continue;
      const created = Date.parse(resource.createdAt);
      const ageMs = Number.isNaN(created) ? Number.MAX_SAFE_INTEGER : Math.max(0, now.getTime() - created);
      if (ageMs < minAgeMs) continue;
      orphans.push({ ...resource, ageMs, likelyJobId: provisionWorkflowId(resource.tenantId), detectedAt });
    }
    await deps.store.saveOrphanReport(input.scanId, orphans);
    scope.logger.info('orphan scan finished', {
      scanId: input.scanId,
      scanned: resources.length,
      orphans: orphans.length,
    });
    return { scanId: input.scanId, scanned: resources.length, orphans };
  });
}

export interface CleanupOrphansInput {
  /** Scan to clean; the latest scan when omitted. */
  scanId?: string;
  /** Report what would be deleted without deleting. */
  dryRun: boolean;
  requestedBy: string;
}

export type OrphanCleanupOutcome = 'deleted' | 'absent' | 'would_delete' | 'skipped_live' | 'not_owned' | 'failed';

export interface OrphanCleanupResult {
  scanId: string | null;
  dryRun: boolean;
  results: {
    provider: string;
    id: string;
    name: string;
    tenantId: string;
    outcome: OrphanCleanupOutcome;
    error?: string;
  }[];
}

async function deleteOrphan(deps: ActivityDeps, scope: CallScope, orphan: OrphanReportRecord) {
  switch (orphan.provider) {
    case 'convex':
      return deleteConvexProjectResource(deps, scope, orphan.tenantId, Number(orphan.id));
    case 'workos':
      return deleteWorkosOrganizationResource(deps, scope, orphan.tenantId, orphan.id);
    case 'cloudflare':
      return deletePagesProjectResource(deps, scope, orphan.tenantId, orphan.id);
  }
}

/**
 * Deletes the orphans reported by a scan (admins call it from the CLI/API), marking each in the store as
 * `cleaned` or `cleanup_failed`. A tenant that has become live since the scan is skipped. Idempotent: an orphan
 * already gone counts as cleaned. With `dryRun`, nothing is deleted or marked.
 */
export async function cleanupOrphans(deps: ActivityDeps, input: CleanupOrphansInput): Promise<OrphanCleanupResult> {
  return runActivity(deps, 'cleanupOrphans', async (scope) => {
    const orphans = await deps.store.listOrphans({
      ...(input.scanId ? { scanId: input.scanId } : {}),
      status: 'reported',
    });
    const live = await liveTenants(deps);
    const results: OrphanCleanupResult['results'] = [];
    for (const orphan of orphans) {
      const base = { provider: orphan.provider, id: orphan.id, name: orphan.name, tenantId: orphan.tenantId };
      if (live.has(orphan.tenantId)) {
        results.push({ ...base, outcome: 'skipped_live' });
        continue;
      }
      if (input.dryRun) {
        results.push({ ...base, outcome: 'would_delete' });
        continue;
      }
      const mark = { cleanedBy: input.requestedBy, cleanedAt: nowOf(deps).toISOString() };
      try {
        const outcome = await deleteOrphan(deps, scope, orphan);
        const label: OrphanCleanupOutcome = outcome.deleted ? 'deleted' : outcome.existed ? 'not_owned' : 'absent';
        const failed = label === 'not_owned';
        await deps.store.markOrphan(orphan.scanId, orphan.provider, orphan.id, {
          ...mark,
          status: failed ? 'cleanup_failed' : 'cleaned',
          cleanupError: failed ? 'resource is not owned by the tenant' : null,
        });
        results.push({ ...base, outcome: label });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await deps.store.markOrphan(orphan.scanId, orphan.provider, orphan.id, {
          ...mark,
          status: 'cleanup_failed',
          cleanupError: message,
        });
        results.push({ ...base, outcome: 'failed', error: message });
      }
    }
    return { scanId: input.scanId ?? orphans[0]?.scanId ?? null, dryRun: input.dryRun, results };
  });
}
