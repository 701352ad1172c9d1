/**
 * Cloudflare Pages project activities: the tenant's project `tenant-<tenantId>`, proven ours by its production env
 * var BRAIN_TENANT_ID (find-or-adopt before create, a 409 re-read and adopted, someone else's project is a
 * ResourceConflict), and its deletion (Cloudflare deletes the project's deployments with it).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Project } from 'cloudflare/resources/pages/projects/projects';
import { FailureType } from '../workflows/contracts/provision-tenant';
import type {
  CreatePagesProjectInput,
  CreatePagesProjectResult,
  DeleteResourceInput,
  DeleteResourceResult,
} from './contract';
import type { CallScope } from './call-context';
import type { ActivityDeps } from './deps';
import { deleteIfPresent, ifFound, isConflict } from './errors';
import { CreatePagesProjectInputSchema, ResourcesInputSchema } from './input-schemas';
import { PAGES_OWNER_ENV_VAR, RESOURCE_PREFIX, resourceNames } from './naming';
import { parseInput, providerCall, runActivity } from './provider-call';

export type PagesProject = Project;

/** Value of a plain-text production env var of a project, if set. */
export function productionEnvVar(project: PagesProject, name: string): string | undefined {
  const envVars = project.deployment_configs?.production?.env_vars as Record<string, unknown> | undefined;
  const entry = envVars?.[name];
  if (entry && typeof entry === 'object' && 'value' in entry && typeof entry.value === 'string') return entry.value;
  return undefined;
}

/** True when the project carries the ownership env var of `tenantId`. */
export function isOwnedBy(project: PagesProject, tenantId: string): boolean {
  return productionEnvVar(project, PAGES_OWNER_ENV_VAR) === tenantId;
}

/** The project named `name`, if any. */
export function getPagesProject(deps: ActivityDeps, scope: CallScope, name: string): Promise<PagesProject | undefined> {
  const accountId = deps.config.providers.cloudflare.accountId;
  return providerCall(scope, 'cloudflare', 'getProject', () =>
    ifFound(() => deps.providers.cloudflare.pages.projects.get(name, { account_id: accountId })),
  );
}

/** Every Pages project that follows the naming convention (for the orphan scan). */
export function listPagesTenantProjects(deps: ActivityDeps, scope: CallScope): Promise<PagesProject[]> {
  const accountId = deps.config.providers.cloudflare.accountId;
  return providerCall(scope, 'cloudflare', 'listProjects', async () => {
    const projects: PagesProject[] = [];
    for await (const project of deps.providers.cloudflare.pages.projects.list({ account_id: accountId })) {
      if (project.name.startsWith(RESOURCE_PREFIX)) projects.push(project);
    }
    return projects;
  });
}

function ownershipConflict(project: PagesProject, tenantId: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.ResourceConflict,
    message: `Pages project ${project.name} exists but its ${PAGES_OWNER_ENV_VAR} is not ${tenantId}: not adopting it`,
    nonRetryable: true,
    details: [{ provider: 'cloudflare', operation: 'createProject', projectName: project.name, tenantId }],
  });
}

async function adopt(
  deps: ActivityDeps,
  scope: CallScope,
  project: PagesProject,
  input: { tenantId: string; convexDeploymentUrl: string },
): Promise<PagesProject> {
  if (!isOwnedBy(project, input.tenantId)) throw ownershipConflict(project, input.tenantId);
  if (productionEnvVar(project, 'CONVEX_URL') === input.convexDeploymentUrl) return project;
  // The Convex deployment changed since the project was made: point the project at the current one.
  const accountId = deps.config.providers.cloudflare.accountId;
  return providerCall(scope, 'cloudflare', 'editProject', () =>
    deps.providers.cloudflare.pages.projects.edit(project.name, {
      account_id: accountId,
      deployment_configs: {
        production: { env_vars: { CONVEX_URL: { type: 'plain_text', value: input.convexDeploymentUrl } } },
      },
    }),
  );
}

function resultOf(project: PagesProject, adopted: boolean, attempt: number): CreatePagesProjectResult {
  if (!project.subdomain) throw new Error(`Pages project ${project.name} has no subdomain in the API answer`);
  return { projectName: project.name, subdomain: project.subdomain, adopted, attempt };
}

/**
 * Creates (or adopts) the tenant's Pages project with production branch `main` and production env vars
 * BRAIN_TENANT_ID and CONVEX_URL. Idempotent: reads the project first and adopts it only if BRAIN_TENANT_ID is the
 * tenant (else ResourceConflict, non-retryable); a 409 on create is re-read and adopted the same way. Returns the
 * subdomain as the API returns it.
 */
export async function createPagesProject(
  deps: ActivityDeps,
  rawInput: CreatePagesProjectInput,
): Promise<CreatePagesProjectResult> {
  const input = parseInput(CreatePagesProjectInputSchema, rawInput, 'createPagesProject');
  return runActivity(deps, 'createPagesProject', async (scope) => {
    const name = resourceNames.pagesProject(input.tenantId);
    const existing = await getPagesProject(deps, scope, name);
    if (existing) {
      const project = await adopt(deps, scope, existing, input);
      scope.logger.info('adopted pages project', { tenantId: input.tenantId, projectName: name });
      return resultOf(project, true, scope.attempt);
    }
    const accountId = deps.config.providers.cloudflare.accountId;
    const created = await providerCall(scope, 'cloudflare', 'createProject', async () => {
      try {
        return await deps.providers.cloudflare.pages.projects.create({
          account_id: accountId,
          name,
          production_branch: 'main',
          deployment_configs: {
            production: {
              env_vars: {
                [PAGES_OWNER_ENV_VAR]: { type: 'plain_text', value: input.tenantId },
                CONVEX_URL: { type: 'plain_text', value: input.convexDeploymentUrl },
              },
            },
          },
        });
      } catch (err) {
        if (isConflict(err)) return undefined;
        throw err;
      }
    });
    if (created) {
      scope.logger.info('created pages project', { tenantId: input.tenantId, projectName: name });
      return resultOf(created, false, scope.attempt);
    }
    const raced = await getPagesProject(deps, scope, name);
    if (!raced) throw new Error(`Pages project create answered 409 but ${name} cannot be read`);
    const project = await adopt(deps, scope, raced, input);
    scope.logger.info('adopted pages project after conflict', { tenantId: input.tenantId, projectName: name });
    return resultOf(project, true, scope.attempt);
  });
}

/**
 * Deletes the tenant's Pages project if present and ours (BRAIN_TENANT_ID is the tenant). A project of that name
 * that someone else owns is left alone and reported as `{deleted: false, existed: true}`.
 */
export async function deletePagesProjectResource(
  deps: ActivityDeps,
  scope: CallScope,
  tenantId: string,
  projectName: string | undefined,
): Promise<DeleteResourceResult> {
  const ownName = resourceNames.pagesProject(tenantId);
  if (projectName && projectName !== ownName) {
    scope.logger.warn('pages project name is not the tenant project name; using the tenant name', {
      projectName,
      tenantId,
    });
  }
  const project = await getPagesProject(deps, scope, ownName);
  if (!project) return { deleted: false, existed: false };
  if (!isOwnedBy(project, tenantId)) {
    scope.logger.warn('pages project is not owned by the tenant; not deleting it', { projectName: ownName, tenantId });
    return { deleted: false, existed: true };
  }
  const accountId = deps.config.providers.cloudflare.accountId;
  const deleted = await providerCall(scope, 'cloudflare', 'deleteProject', () =>
    deleteIfPresent(() => deps.providers.cloudflare.pages.projects.delete(ownName, { account_id: accountId })),
  );
  scope.logger.info('deleted pages project', { tenantId, projectName: ownName, deleted });
  return { deleted, existed: deleted };
}

/** Compensation of createPagesProject (and deployFrontend): delete-if-present and owned. */
export async function deletePagesProject(
  deps: ActivityDeps,
  rawInput: DeleteResourceInput,
): Promise<DeleteResourceResult> {
  const input = parseInput(ResourcesInputSchema, rawInput, 'deletePagesProject');
  return runActivity(deps, 'deletePagesProject', (scope) =>
    deletePagesProjectResource(deps, scope, input.tenantId, input.resources.pagesProjectName),
  );
}
