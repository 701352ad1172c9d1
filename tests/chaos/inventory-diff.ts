/**
 * The inventory check of a chaos run (pure): which resources each job must hold, from its progress, and how the
 * sandbox inventory differs from that (missing, leaked, duplicated, dangling).
 */
import { resourceNames } from '../../activities/naming';
import type { ProvisioningProgress, ProvisioningStepName } from '../../workflows/contracts/provision-tenant';
import type { SandboxInventory } from '../helpers/sandbox-control';

export const RESOURCE_KINDS = ['convexProjects', 'workosOrganizations', 'pagesProjects'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
/** Resource names per kind: Convex projects by name, WorkOS orgs by external_id, Pages projects by name. */
export type ResourceNames = Record<ResourceKind, string[]>;

const CREATED_BY: Record<ResourceKind, { step: ProvisioningStepName; name: (tenantId: string) => string }> = {
  convexProjects: { step: 'createConvexProject', name: resourceNames.convexProject },
  workosOrganizations: { step: 'createWorkosOrganization', name: resourceNames.workosExternalId },
  pagesProjects: { step: 'createPagesProject', name: resourceNames.pagesProject },
};

export interface InventoryDiff {
  /** Expected resources that are not live. */
  missing: ResourceNames;
  /** Live resources no job should hold (leaks). */
  leaked: ResourceNames;
  /** Names live more than once. */
  duplicated: ResourceNames;
  /** Convex deployments of no live project, deploy keys of no live deployment, extra deployments of a project. */
  dangling: string[];
  /** Live resources per kind (for the report). */
  liveCounts: Record<ResourceKind, number>;
}

function emptyNames(): ResourceNames {
  return { convexProjects: [], workosOrganizations: [], pagesProjects: [] };
}

/**
 * Resources a settled job holds: all three for a completed job; for a failed one (still in its grace), those whose
 * creating step completed; none once it is cleaned up or cancelled.
 */
export function heldResources(progress: ProvisioningProgress): ResourceNames {
  const held = emptyNames();
  if (progress.status !== 'completed' && progress.status !== 'failed') return held;
  for (const kind of RESOURCE_KINDS) {
    const { step, name } = CREATED_BY[kind];
    const completed = progress.steps.some((s) => s.name === step && s.status === 'completed');
    if (progress.status === 'completed' || completed) held[kind].push(name(progress.tenantId));
  }
  return held;
}

/** The union of what every job holds. */
export function expectedResources(jobs: readonly ProvisioningProgress[]): ResourceNames {
  const expected = emptyNames();
  for (const job of jobs) {
    const held = heldResources(job);
    for (const kind of RESOURCE_KINDS) expected[kind].push(...held[kind]);
  }
  return expected;
}

/** Live names per kind, one entry per live resource (duplicates kept). */
export function liveResources(inventory: SandboxInventory): ResourceNames {
  return {
    convexProjects: inventory.convex.projects.map((p) => p.name),
    workosOrganizations: inventory.workos.organizations.map((o) => o.external_id ?? `(no external_id: ${o.id})`),
    pagesProjects: inventory.cloudflare.projects.map((p) => p.name),
  };
}

function danglingOf(inventory: SandboxInventory): string[] {
  const projectIds = new Set(inventory.convex.projects.map((p) => p.id));
  const deploymentNames = new Set(inventory.convex.deployments.map((d) => d.name));
  const dangling: string[] = [];
  for (const d of inventory.convex.deployments) {
    if (!projectIds.has(d.projectId)) dangling.push(`convex deployment ${d.name} of missing project ${d.projectId}`);
  }
  for (const p of inventory.convex.projects) {
    const count = inventory.convex.deployments.filter((d) => d.projectId === p.id).length;
    if (count !== 1) dangling.push(`convex project ${p.name} has ${count} deployments`);
  }
  for (const k of inventory.convex.deployKeys) {
    if (!deploymentNames.has(k.deploymentName)) {
      dangling.push(`convex deploy key ${k.name} of missing deployment ${k.deploymentName}`);
    }
  }
  return dangling;
}

/** Compares the live inventory with the expected names (each expected exactly once). */
export function diffInventory(expected: ResourceNames, inventory: SandboxInventory): InventoryDiff {
  const live = liveResources(inventory);
  const diff: InventoryDiff = {
    missing: emptyNames(),
    leaked: emptyNames(),
    duplicated: emptyNames(),
    dangling: danglingOf(inventory),
    liveCounts: { convexProjects: 0, workosOrganizations: 0, pagesProjects: 0 },
  };
  for (const kind of RESOURCE_KINDS) {
    const want = new Set(expected[kind]);
    const counts = new Map<string, number>();
    for (const name of live[kind]) counts.set(name, (counts.get(name) ?? 0) + 1);
    diff.liveCounts[kind] = live[kind].length;
    diff.missing[kind] = [...want].filter((name) => !counts.has(name)).sort();
    diff.leaked[kind] = [...counts.keys()].filter((name) => !want.has(name)).sort();
    diff.duplicated[kind] = [...counts.entries()]
      .filter(([, count]) => count > 1)
      .map(([name]) => name)
      .sort();
  }
  return diff;
}

/** Number of resources in a {@link ResourceNames}. */
export function countNames(names: ResourceNames): number {
  return RESOURCE_KINDS.reduce((sum, kind) => sum + names[kind].length, 0);
}

/** True when nothing is missing, leaked, duplicated or dangling. */
export function isExact(diff: InventoryDiff): boolean {
  return (
    countNames(diff.missing) === 0 &&
    countNames(diff.leaked) === 0 &&
    countNames(diff.duplicated) === 0 &&
    diff.dangling.length === 0
  );
}
