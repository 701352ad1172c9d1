/**
 * Convex records: lookups, creation and cascades shared by the management and deployment routes (the callers
 * commit the state).
 */
import type { SandboxContext } from '../context';
import { convexDeploymentName, shortSuffix } from '../ids';
import type { ConvexDeploymentRecord, ConvexProjectRecord, SandboxData } from '../records';

export interface DeploymentSpec {
  type: ConvexDeploymentRecord['deploymentType'];
  region?: string;
  class?: string;
  reference?: string;
}

/** Adds a deployment with a fresh `adjective-animal-123` name; it answers 503 until its start-up window ends. */
export function createDeploymentRecord(
  ctx: SandboxContext,
  project: ConvexProjectRecord,
  spec: DeploymentSpec,
  isDefault: boolean,
): ConvexDeploymentRecord {
  const data = ctx.state.data;
  const now = ctx.sleeper.now();
  data.counters.convexDeployment += 1;
  const record: ConvexDeploymentRecord = {
    id: data.counters.convexDeployment,
    name: convexDeploymentName((name) => findDeployment(data, name) !== undefined),
    projectId: project.id,
    deploymentType: spec.type,
    region: spec.region ?? 'aws-us-east-1',
    class: spec.class ?? 's16',
    isDefault,
    reference: spec.reference ?? (spec.type === 'prod' ? 'production' : `${spec.type}/${shortSuffix()}`),
    createTime: now,
    readyAt: now + ctx.latency.convexStartupMs(),
    lastDeployTime: null,
    modules: [],
    envVars: {},
    tenantConfig: null,
    moduleHashes: [],
    functions: [],
  };
  data.convex.deployments.push(record);
  return record;
}

/** The project whose numeric ID is `id` (a path parameter). */
export function findConvexProject(ctx: SandboxContext, id: string): ConvexProjectRecord | undefined {
  const numeric = /^\d+$/.test(id) ? Number(id) : Number.NaN;
  return ctx.state.data.convex.projects.find((p) => p.id === numeric);
}

/** Whether the project already has a default deployment of this type. */
export function hasDefaultDeployment(data: SandboxData, projectId: number, type: string): boolean {
  return data.convex.deployments.some((d) => d.projectId === projectId && d.deploymentType === type && d.isDefault);
}

/** The deployment named `name`, if it exists. */
export function findDeployment(data: SandboxData, name: string): ConvexDeploymentRecord | undefined {
  return data.convex.deployments.find((d) => d.name === name);
}

/** Removes a deployment with its deploy keys and site state (the caller commits). */
export function removeDeployment(data: SandboxData, name: string): void {
  data.convex.deployments = data.convex.deployments.filter((d) => d.name !== name);
  data.convex.deployKeys = data.convex.deployKeys.filter((k) => k.deploymentName !== name);
  data.convex.documents = data.convex.documents.filter((d) => d.deploymentName !== name);
  delete data.siteStates[name];
}

/** Whether `key` is a live (existing, unexpired) deploy key of the deployment; marks it used when it is. */
export function useDeployKey(ctx: SandboxContext, deploymentName: string, key: string | undefined): boolean {
  if (!key) return false;
  const now = ctx.sleeper.now();
  const record = ctx.state.data.convex.deployKeys.find(
    (k) => k.deploymentName === deploymentName && k.key === key && (k.expiresAt === null || k.expiresAt > now),
  );
  if (!record) return false;
  record.lastUsedTime = now;
  return true;
}

/** The deployment a live deploy key belongs to (the key names it: `prod:<deployment>|<secret>`); marks it used. */
export function deploymentOfKey(ctx: SandboxContext, key: string | undefined): ConvexDeploymentRecord | undefined {
  const name = /^[a-z-]+:([^|]+)\|/.exec(key ?? '')?.[1];
  if (!name || !useDeployKey(ctx, name, key)) return undefined;
  return findDeployment(ctx.state.data, name);
}
