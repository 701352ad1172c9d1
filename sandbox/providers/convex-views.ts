/**
 * Wire shapes of the Convex Management API (`Project`, `Deployment`, deploy-key listings) rendered from records.
 */
import type { SandboxContext } from '../context';
import type { ConvexDeployKeyRecord, ConvexDeploymentRecord, ConvexProjectRecord, SandboxData } from '../records';

/** URL of a deployment's functions and admin API in the sandbox. */
export function convexDeploymentUrl(ctx: SandboxContext, name: string): string {
  return `${ctx.baseUrl()}/_convex/${name}`;
}

/** A Management API `Project`, with its default prod/dev deployment names. */
export function projectView(data: SandboxData, project: ConvexProjectRecord) {
  const deployments = data.convex.deployments.filter((d) => d.projectId === project.id && d.isDefault);
  const prod = deployments.find((d) => d.deploymentType === 'prod');
  const dev = deployments.find((d) => d.deploymentType === 'dev');
  return {
    id: project.id,
    name: project.name,
    slug: project.slug,
    teamId: project.teamId,
    teamSlug: `team-${project.teamId}`,
    createTime: project.createTime,
    ...(prod ? { prodDeploymentName: prod.name } : {}),
    ...(dev ? { devDeploymentName: dev.name } : {}),
  };
}

/** A Management API `Deployment` (cloud variant); the URL points into the sandbox. */
export function deploymentView(ctx: SandboxContext, deployment: ConvexDeploymentRecord) {
  return {
    kind: 'cloud' as const,
    id: deployment.id,
    name: deployment.name,
    deploymentUrl: convexDeploymentUrl(ctx, deployment.name),
    deploymentType: deployment.deploymentType,
    projectId: deployment.projectId,
    region: deployment.region,
    class: deployment.class,
    isDefault: deployment.isDefault,
    reference: deployment.reference,
    createTime: deployment.createTime,
    ...(deployment.lastDeployTime !== null ? { lastDeployTime: deployment.lastDeployTime } : {}),
  };
}

/** A deploy key as listed: never the secret. */
export function deployKeyView(key: ConvexDeployKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    creationTime: key.creationTime,
    ...(key.lastUsedTime !== null ? { lastUsedTime: key.lastUsedTime } : {}),
    ...(key.expiresAt !== null ? { expiresAt: key.expiresAt } : {}),
    allowedActions: key.allowedActions,
  };
}
