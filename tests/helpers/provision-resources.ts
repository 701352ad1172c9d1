/**
 * Runs the resource-creating activities of one tenant in workflow order (without Temporal), for tests that need a
 * fully provisioned tenant: validation, orphans, health checks.
 */
import type { ProvisionedResources } from '../../workflows/contracts/provision-tenant';
import type { ActivityEnv } from './activity-env';

export async function provisionResources(env: ActivityEnv, tenantId: string): Promise<ProvisionedResources> {
  const jobId = `provision-${tenantId}`;
  const { activities: a } = env;
  const org = await env.run(a.createWorkosOrganization, { tenantId, jobId, name: `Tenant ${tenantId}` });
  const convex = await env.run(a.createConvexProject, { tenantId, jobId });
  const backend = await env.run(a.deployConvexBackend, {
    tenantId,
    jobId,
    deploymentName: convex.deploymentName,
    deploymentUrl: convex.deploymentUrl,
    plan: 'pro',
    workosOrganizationId: org.organizationId,
  });
  const pages = await env.run(a.createPagesProject, { tenantId, jobId, convexDeploymentUrl: convex.deploymentUrl });
  const frontend = await env.run(a.deployFrontend, { tenantId, jobId, projectName: pages.projectName });
  return {
    workosOrganizationId: org.organizationId,
    convexProjectId: convex.projectId,
    convexDeploymentName: convex.deploymentName,
    convexDeploymentUrl: convex.deploymentUrl,
    convexDeployKeyName: backend.deployKeyName,
    pagesProjectName: pages.projectName,
    pagesSubdomain: pages.subdomain,
    pagesDeploymentId: frontend.deploymentId,
    siteUrl: frontend.siteUrl,
  };
}
