/**
 * Orphan detection and cleanup. An orphan is a provider resource that follows the naming convention (Convex project
 * `tenant-*`, WorkOS organization with external ID `tenant-*`, Pages project `tenant-*`), whose tenant has no live
 * instance in the store, and that is older than `minAgeMs` (younger ones may belong to a job still starting).
 * The scan only reads providers; cleanup (the `cleanupOrphans` workflow) re-checks each orphan against the store and
 * Temporal just before deleting it, through the same delete-if-present helpers as compensations.
 *
 * Both refuse to work against a store that contradicts Temporal (no instance at all while provisioning jobs have
 * completed: a wrong, new or restored store file), where every live tenant would look orphaned.
 */
import { ApplicationFailure } from '@temporalio/common';
import type {
  CleanupOrphanInput,
  CleanupOrphanResult,
  ListOrphansForCleanupInput,
  OrphanCleanupOutcome,
  OrphanRecord,
  OrphansForCleanup,
  ProviderResource,
  ScanOrphansInput,
  ScanOrphansResult,
} from './contract';
import type { CallScope } from './call-context';
import { deleteConvexProjectResource, listConvexTenantProjects } from './convex';
import { deletePagesProjectResource, listPagesTenantProjects, isOwnedBy } from './cloudflare';
import type { ActivityDeps } from './deps';
import { CleanupOrphanInputSchema, ListOrphansForCleanupInputSchema, ScanOrphansInputSchema } from './input-schemas';
import { tenantIdFromResourceName } from './naming';
import { nowOf, parseInput, runActivity } from './provider-call';
import { LIVE_INSTANCE_STATUSES } from './store-activities';
import { deleteWorkosOrganizationResource, listWorkosTenantOrganizations } from './workos';
import { FailureType, provisionWorkflowId } from '../workflows/contracts/provision-tenant';

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
 * Refuses (non-retryable `StoreInconsistent`) when the store holds no instance at all while Temporal has completed
 * provisioning jobs: the store is not the one the jobs wrote, and every live tenant would look orphaned.
 */
export async function requireConsistentStore(deps: ActivityDeps): Promise<void> {
  if ((await deps.store.countInstances()) > 0) return;
  const completed = await deps.jobs.countCompletedJobs();
  if (completed === 0) return;
  throw ApplicationFailure.create({
    type: FailureType.StoreInconsistent,
    message: `the store has no instances but Temporal has ${completed} completed provisioning jobs: refusing to treat every tenant as orphaned (check STORE_SQLITE_PATH)`,
    nonRetryable: true,
    details: [{ completedJobs: completed }],
  });
}

/**
 * Lists every resource that follows the naming convention, reports those no live instance owns and older than
 * `minAgeMs`, and saves the report under `scanId`. Read-only towards providers; idempotent per scanId.
 */
export async function scanOrphans(deps: ActivityDeps, rawInput: ScanOrphansInput): Promise<ScanOrphansResult> {
  const input = parseInput(ScanOrphansInputSchema, rawInput, 'scanOrphans');
  return runActivity(deps, 'scanOrphans', async (scope) => {
    await requireConsistentStore(deps);
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
    await auditOnce(deps, {
      actor: input.scanId.split(':')[0] ?? input.scanId,
      // The schedule's runs are `orphan-scan-<time>`; the CLI's `orphan-scan-manual-<time>` (orphans.ts of the CLI).
      source: input.scanId.startsWith('orphan-scan-manual-') ? 'cli' : 'schedule',
      action: 'orphans.scan',
      target: input.scanId,
      detail: { scanned: resources.length, orphans: orphans.length },
    });
    scope.logger.info('orphan scan finished', {
      scanId: input.scanId,
      scanned: resources.length,
      orphans: orphans.length,
    });
    return { scanId: input.scanId, scanned: resources.length, orphans };
  });
}

/** The `reported` orphans of a scan (the latest when `scanId` is omitted), with the cleanup limits. */
export async function listOrphansForCleanup(
  deps: ActivityDeps,
  rawInput: ListOrphansForCleanupInput,
): Promise<OrphansForCleanup> {
  const input = parseInput(ListOrphansForCleanupInputSchema, rawInput, 'listOrphansForCleanup');
  return runActivity(deps, 'listOrphansForCleanup', async () => {
    await requireConsistentStore(deps);
    const orphans = await deps.store.listOrphans({
      ...(input.scanId ? { scanId: input.scanId } : {}),
      status: 'reported',
    });
    return {
      scanId: input.scanId ?? orphans[0]?.scanId ?? null,
      orphans: orphans.map(({ provider, id, name, tenantId, createdAt }) => ({
        provider,
        id,
        name,
        tenantId,
        createdAt,
      })),
      maxDeletions: deps.config.orphans.cleanupMaxDeletions,
      minAgeMs: deps.config.orphans.minAgeMs,
    };
  });
}

async function deleteOrphan(deps: ActivityDeps, scope: CallScope, orphan: ProviderResource) {
  switch (orphan.provider) {
    case 'convex':
      return deleteConvexProjectResource(deps, scope, orphan.tenantId, Number(orphan.id));
    case 'workos':
      return deleteWorkosOrganizationResource(deps, scope, orphan.tenantId, orphan.id);
    case 'cloudflare':
      return deletePagesProjectResource(deps, scope, orphan.tenantId, orphan.id);
  }
}

/** Why the orphan must be left alone now, or undefined when it may be deleted. Checked just before acting. */
async function reasonToKeep(deps: ActivityDeps, input: CleanupOrphanInput): Promise<OrphanCleanupOutcome | undefined> {
  const { orphan } = input;
  const stillReported = (await deps.store.listOrphans({ scanId: input.scanId, status: 'reported' })).some(
    (o) => o.provider === orphan.provider && o.id === orphan.id,
  );
  if (!stillReported) return 'skipped_done';
  const instance = await deps.store.getInstance(orphan.tenantId);
  if (instance && LIVE_INSTANCE_STATUSES.includes(instance.status)) return 'skipped_live';
  const jobStatus = await deps.jobs.jobStatus(provisionWorkflowId(orphan.tenantId));
  if (jobStatus === 'RUNNING' || jobStatus === 'COMPLETED') return 'skipped_job';
  const created = Date.parse(orphan.createdAt);
  if (!Number.isNaN(created) && nowOf(deps).getTime() - created < input.minAgeMs) return 'skipped_young';
  return undefined;
}

/**
 * One orphan of a cleanup: re-checked just before acting (still reported, no live instance in the store, no running
 * or completed job of its tenant in Temporal, older than the minimum age), then deleted (delete-if-present) and
 * marked in the store with who asked. A dry run stops after the checks (`would_delete`) and changes nothing.
 */
export async function cleanupOrphan(deps: ActivityDeps, rawInput: CleanupOrphanInput): Promise<CleanupOrphanResult> {
  const input = parseInput(CleanupOrphanInputSchema, rawInput, 'cleanupOrphan');
  return runActivity(deps, 'cleanupOrphan', async (scope) => {
    const { orphan } = input;
    const base = { provider: orphan.provider, id: orphan.id, name: orphan.name, tenantId: orphan.tenantId };
    await requireConsistentStore(deps);
    const keep = await reasonToKeep(deps, input);
    if (keep) return { ...base, outcome: keep };
    if (input.dryRun) return { ...base, outcome: 'would_delete' };
    const mark = { cleanedBy: input.requestedBy, cleanedAt: nowOf(deps).toISOString() };
    try {
      const outcome = await deleteOrphan(deps, scope, orphan);
      const label: OrphanCleanupOutcome = outcome.deleted ? 'deleted' : outcome.existed ? 'not_owned' : 'absent';
      const failed = label === 'not_owned';
      await deps.store.markOrphan(input.scanId, orphan.provider, orphan.id, {
        ...mark,
        status: failed ? 'cleanup_failed' : 'cleaned',
        cleanupError: failed ? 'resource is not owned by the tenant' : null,
      });
      scope.logger.info('orphan cleaned', { ...base, outcome: label, requestedBy: input.requestedBy });
      if (label === 'deleted') {
        await auditOnce(deps, {
          actor: input.requestedBy,
          source: 'worker',
          action: 'orphans.delete',
          target: `${orphan.provider}:${orphan.id}`,
          detail: { scanId: input.scanId, tenantId: orphan.tenantId, name: orphan.name },
        });
      }
      return { ...base, outcome: label };
    } catch (err) {
      // A transient failure is retried by the activity; the workflow reports one that outlasts its attempts and the
      // orphan stays `reported` for a later cleanup. A permanent one is marked here.
      if (!isNonRetryableFailure(err)) throw err;
      const message = err instanceof Error ? err.message : String(err);
      await deps.store.markOrphan(input.scanId, orphan.provider, orphan.id, {
        ...mark,
        status: 'cleanup_failed',
        cleanupError: message,
      });
      return { ...base, outcome: 'failed', error: message };
    }
  });
}

function isNonRetryableFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ApplicationFailure' && (err as ApplicationFailure).nonRetryable === true;
}

/** Appends an audit entry unless the same action on the same target is already recorded (activity retries). */
async function auditOnce(
  deps: ActivityDeps,
  entry: {
    actor: string;
    source: 'schedule' | 'cli' | 'worker';
    action: string;
    target: string;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  const earlier = await deps.store.listAudit({ target: entry.target, action: entry.action, limit: 1 });
  if (earlier.length > 0) return;
  await deps.store.appendAudit({ ...entry, at: nowOf(deps).toISOString(), outcome: 'ok' });
}
