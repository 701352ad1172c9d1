/**
 * Seeds a health-sweep bench: `n` provisioned tenants at once, written straight into a sandbox state file (a Convex
 * project and deployment, a Pages project with a live production deployment each) and into the store (instances
 * `active`), so 10,000 tenants take seconds instead of 10,000 provisioning jobs. The sandbox serves them exactly as
 * it serves provisioned ones: the sweep's requests are real.
 */
import { writeFileSync } from 'node:fs';
import { emptySandboxData, type SandboxData } from '../sandbox/records';
import type { BrainStore } from '../store/port';

export const benchTenantId = (index: number) => `bench-${String(index).padStart(6, '0')}`;

/** The sandbox state of `n` live tenants, written to `stateFile`. */
export function writeSeededSandboxState(stateFile: string, n: number): void {
  const data: SandboxData = emptySandboxData();
  const created = Date.now() - 3_600_000;
  const createdIso = new Date(created).toISOString();
  for (let i = 0; i < n; i += 1) {
    const tenantId = benchTenantId(i);
    const name = `tenant-${tenantId}`;
    data.convex.projects.push({ id: 10_000 + i, name, slug: name, teamId: 1, createTime: created });
    data.convex.deployments.push({
      id: 50_000 + i,
      name: `bench-deployment-${i}`,
      projectId: 10_000 + i,
      deploymentType: 'prod',
      region: 'aws-us-east-1',
      class: 's16',
      isDefault: true,
      reference: `bench-${i}`,
      createTime: created,
      readyAt: 0,
      lastDeployTime: created,
      modules: [],
      moduleHashes: [],
      functions: [],
      envVars: {},
      tenantConfig: null,
    });
    data.cloudflare.projects.push({
      id: `project-${i}`,
      name,
      subdomain: `${name}.pages.dev`,
      production_branch: 'main',
      created_on: createdIso,
      deployment_configs: { preview: { env_vars: {} }, production: { env_vars: {} } },
      build_config: {},
      source: null,
    });
    data.cloudflare.deployments.push({
      id: `deployment-${i}`,
      short_id: `d${i}`,
      project_id: `project-${i}`,
      project_name: name,
      environment: 'production',
      branch: 'main',
      commit_hash: null,
      commit_message: null,
      commit_dirty: false,
      createdAtMs: created,
      stageDurationsMs: [0, 0, 0, 0, 0],
      failedStage: null,
      fileCount: 1,
      env_vars: {},
      manifest: {},
    });
  }
  writeFileSync(stateFile, JSON.stringify(data));
}

/** The store's instances of the seeded tenants, pointing at `sandboxUrl`. */
export async function seedInstances(store: BrainStore, sandboxUrl: string, n: number): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < n; i += 1) {
    const tenantId = benchTenantId(i);
    const name = `tenant-${tenantId}`;
    await store.upsertInstance({
      tenantId,
      name: `Bench ${i}`,
      plan: 'pro',
      ownerEmail: `owner+${i}@example.com`,
      ownerName: 'Bench',
      requestedBy: 'bench',
      region: null,
      status: 'active',
      resources: {
        convexProjectId: 10_000 + i,
        convexDeploymentName: `bench-deployment-${i}`,
        convexDeploymentUrl: `${sandboxUrl}/_convex/bench-deployment-${i}`,
        pagesProjectName: name,
        pagesSubdomain: `${name}.pages.dev`,
        pagesDeploymentId: `deployment-${i}`,
        siteUrl: `${sandboxUrl}/_sites/${name}.pages.dev`,
      },
      jobId: `provision-${tenantId}`,
      createdAt: now,
      updatedAt: now,
      activatedAt: now,
      lastHealthCheckAt: null,
      unhealthySince: null,
    });
  }
}
