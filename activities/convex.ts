/**
 * Convex activities: the tenant's project with its production deployment, its backend push and settings, and its
 * deletion. Idempotent by the deterministic project name `tenant-<tenantId>` (find-or-adopt before create); the
 * deploy key is created inside the activity, used, and never returned, logged or written to workflow history.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../workflows/contracts/provision-tenant';
import type {
  CreateConvexProjectInput,
  CreateConvexProjectResult,
  DeleteResourceInput,
  DeleteResourceResult,
  DeployConvexBackendInput,
  DeployConvexBackendResult,
} from './contract';
import { inActivity, type CallScope } from './call-context';
import type { ConvexDeployment, ConvexProject } from './convex-management-client';
import type { ActivityDeps } from './deps';
import { deleteIfPresent, ifFound } from './errors';
import { CreateConvexProjectInputSchema, DeployConvexBackendInputSchema, ResourcesInputSchema } from './input-schemas';
import { resourceNames, RESOURCE_PREFIX } from './naming';
import { parseInput, providerCall, runActivity } from './provider-call';

/** The tenant's project, found by its deterministic name (lowest id wins if a provider bug ever made two). */
export async function findConvexProject(
  deps: ActivityDeps,
  scope: CallScope,
  tenantId: string,
): Promise<ConvexProject | undefined> {
  const name = resourceNames.convexProject(tenantId);
  const projects = await providerCall(scope, 'convex', 'listProjects', () =>
    deps.providers.convex.listAllProjects(name),
  );
  return projects.filter((p) => p.name === name).sort((a, b) => a.id - b.id)[0];
}

/** Every Convex project that follows the naming convention (for the orphan scan). */
export function listConvexTenantProjects(deps: ActivityDeps, scope: CallScope): Promise<ConvexProject[]> {
  return providerCall(scope, 'convex', 'listProjects', async () =>
    (await deps.providers.convex.listAllProjects(RESOURCE_PREFIX)).filter((p) => p.name.startsWith(RESOURCE_PREFIX)),
  );
}

async function ensureProdDeployment(
  deps: ActivityDeps,
  scope: CallScope,
  projectId: number,
  region: string | undefined,
): Promise<ConvexDeployment> {
  const deployments = await providerCall(scope, 'convex', 'listDeployments', () =>
    deps.providers.convex.listDeployments(projectId),
  );
  const prod = deployments.filter((d) => d.deploymentType === 'prod');
  const existing = prod.find((d) => d.isDefault !== false) ?? prod[0];
  if (existing) return existing;
  return providerCall(scope, 'convex', 'createDeployment', () =>
    deps.providers.convex.createDeployment(projectId, { type: 'prod', isDefault: true, ...(region ? { region } : {}) }),
  );
}

/**
 * Creates (or adopts) the tenant's Convex project and its production deployment. Idempotent: a retry after a lost
 * create response finds the project by name and adopts it. Returns the deployment URL as the API returns it.
 */
export async function createConvexProject(
  deps: ActivityDeps,
  rawInput: CreateConvexProjectInput,
): Promise<CreateConvexProjectResult> {
  const input = parseInput(CreateConvexProjectInputSchema, rawInput, 'createConvexProject');
  return runActivity(deps, 'createConvexProject', async (scope) => {
    const existing = await findConvexProject(deps, scope, input.tenantId);
    if (existing) {
      const deployment = await ensureProdDeployment(deps, scope, existing.id, input.region);
      scope.logger.info('adopted convex project', { tenantId: input.tenantId, projectId: existing.id });
      return {
        projectId: existing.id,
        deploymentName: deployment.name,
        deploymentUrl: deployment.deploymentUrl,
        adopted: true,
        attempt: scope.attempt,
      };
    }
    const created = await providerCall(scope, 'convex', 'createProject', () =>
      deps.providers.convex.createProject({
        projectName: resourceNames.convexProject(input.tenantId),
        deploymentType: 'prod',
        ...(input.region ? { deploymentRegion: input.region } : {}),
      }),
    );
    const projectId = created.projectId ?? created.id;
    if (projectId === undefined) throw new Error('create_project answered without a project id');
    let deploymentName = created.deploymentName ?? undefined;
    let deploymentUrl = created.deploymentUrl ?? undefined;
    if (!deploymentName || !deploymentUrl) {
      const deployment = await ensureProdDeployment(deps, scope, projectId, input.region);
      deploymentName = deployment.name;
      deploymentUrl = deployment.deploymentUrl;
    }
    scope.logger.info('created convex project', { tenantId: input.tenantId, projectId });
    return { projectId, deploymentName, deploymentUrl, adopted: false, attempt: scope.attempt };
  });
}

const DEPLOY_HEARTBEAT_MS = 2_000;

/**
 * A signal that fires once the attempt's start-to-close timeout has passed, counted from now (a little after the
 * attempt started, so it fires a little after Temporal gives up on the attempt); undefined outside an activity.
 */
function attemptDeadline(context: Context | undefined): AbortSignal | undefined {
  const timeoutMs = context?.info.startToCloseTimeoutMs;
  return timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
}

/** Output lines of `convex deploy` that mean the deploy key was refused (the deployment's or big brain's 401). */
const KEY_REFUSED = /\b401\b|BadAdminKey|BadDeployKey|Unauthenticated|invalid for this instance/;

/**
 * `convex deploy` of tenant-backend/ with the deploy key (in the child's environment only). A refused key is
 * `ResourceNotReady`, retried: the key was minted a moment ago with the team token (which createDeployKey has just
 * proved good), so its refusal means it was replaced meanwhile (an attempt Temporal had given up on, still running
 * after a worker restart, deletes and re-creates `provisioner-<tenantId>`), not wrong credentials; the next attempt
 * mints its own. Any other failure is ProviderUnavailable (retried). The CLI's output, redacted, goes in the
 * failure's message so an admin sees why.
 */
async function pushTenantBackend(deps: ActivityDeps, scope: CallScope, deployKey: string) {
  // The deploy may wait for a slot (CONVEX_DEPLOY_CONCURRENCY) and bundling takes seconds: heartbeat meanwhile, so a
  // profile with a heartbeat timeout can tell a slow deploy from a dead worker.
  const context = inActivity() ? Context.current() : undefined;
  const heartbeat = context
    ? setInterval(() => context.heartbeat({ step: 'convex deploy' }), DEPLOY_HEARTBEAT_MS)
    : undefined;
  // Temporal gives up on the attempt at its start-to-close deadline without telling it: stop waiting or pushing then,
  // so an abandoned attempt never holds a deploy slot (its retry runs in a new attempt).
  const signals = [scope.signal, attemptDeadline(context)].filter((s): s is AbortSignal => s !== undefined);
  const outcome = await deps.providers.convexCli
    .deploy(deployKey, { signal: signals.length > 0 ? AbortSignal.any(signals) : undefined })
    .finally(() => clearInterval(heartbeat));
  // The push is one external call of ours (the CLI's own requests cannot carry our headers): logged like an HTTP one.
  const call = {
    provider: 'convex_deployment',
    operation: 'convexDeploy',
    method: 'CLI',
    path: 'convex deploy',
    status: outcome.exitCode,
    durationMs: outcome.wallMs,
  };
  if (outcome.ok) {
    scope.logger.info('provider call', call);
    return;
  }
  scope.logger.warn('provider call failed', call);
  const tail = outcome.output.trim().split('\n').slice(-12).join('\n');
  const refused = KEY_REFUSED.test(outcome.output);
  throw ApplicationFailure.create({
    type: refused ? FailureType.ResourceNotReady : FailureType.ProviderUnavailable,
    message: `convex deploy exited with ${outcome.exitCode ?? 'an error'}${refused ? ' (the deploy key was refused)' : ''}: ${tail}`,
    nonRetryable: false,
    details: [{ provider: 'convex_deployment', operation: 'convexDeploy', exitCode: outcome.exitCode }],
  });
}

/**
 * Pushes the tenant backend and configures it: a fresh deploy key `provisioner-<tenantId>` (an old one of that
 * name is deleted first, since secrets cannot be read back), `convex deploy` of tenant-backend/ by the `convex`
 * CLI with that key, the environment variables
 * TENANT_ID, TENANT_PLAN and WORKOS_ORGANIZATION_ID, then mutation `tenant:configure`. Every step is idempotent.
 * Returns only the key's name.
 */
export async function deployConvexBackend(
  deps: ActivityDeps,
  rawInput: DeployConvexBackendInput,
): Promise<DeployConvexBackendResult> {
  const input = parseInput(DeployConvexBackendInputSchema, rawInput, 'deployConvexBackend');
  return runActivity(deps, 'deployConvexBackend', async (scope) => {
    const keyName = resourceNames.convexDeployKey(input.tenantId);
    const management = deps.providers.convex;
    const keys = await providerCall(scope, 'convex', 'listDeployKeys', () =>
      management.listDeployKeys(input.deploymentName),
    );
    if (keys.some((k) => k.name === keyName)) {
      await providerCall(scope, 'convex', 'deleteDeployKey', () =>
        deleteIfPresent(() => management.deleteDeployKey(input.deploymentName, keyName)),
      );
    }
    const deployKey = await providerCall(scope, 'convex', 'createDeployKey', () =>
      management.createDeployKey(input.deploymentName, keyName),
    );
    const deployment = deps.providers.convexDeployment(input.deploymentUrl, deployKey);
    await pushTenantBackend(deps, scope, deployKey);
    await providerCall(scope, 'convex_deployment', 'updateEnvironmentVariables', () =>
      deployment.updateEnvironmentVariables([
        { name: 'TENANT_ID', value: input.tenantId },
        { name: 'TENANT_PLAN', value: input.plan },
        { name: 'WORKOS_ORGANIZATION_ID', value: input.workosOrganizationId },
      ]),
    );
    await providerCall(scope, 'convex_deployment', 'configureTenant', () =>
      deployment.mutation('tenant:configure', {
        tenantId: input.tenantId,
        plan: input.plan,
        workosOrganizationId: input.workosOrganizationId,
      }),
    );
    scope.logger.info('deployed convex backend', { tenantId: input.tenantId, deployKeyName: keyName });
    return { deployKeyName: keyName, attempt: scope.attempt };
  });
}

/**
 * Deletes the tenant's project (and with it its deployments) if present: by the known ID when it names our
 * project, else by the deterministic name. A project that is not ours is never deleted.
 */
export async function deleteConvexProjectResource(
  deps: ActivityDeps,
  scope: CallScope,
  tenantId: string,
  projectId: number | undefined,
): Promise<DeleteResourceResult> {
  const name = resourceNames.convexProject(tenantId);
  let project: ConvexProject | undefined;
  if (projectId !== undefined) {
    project = await providerCall(scope, 'convex', 'getProject', () =>
      ifFound(() => deps.providers.convex.getProject(projectId)),
    );
    if (project && project.name !== name) {
      scope.logger.warn('convex project id does not name the tenant project; looking up by name', {
        projectId,
        tenantId,
      });
      project = undefined;
    }
  }
  project ??= await findConvexProject(deps, scope, tenantId);
  if (!project) return { deleted: false, existed: false };
  const target = project;
  const deleted = await providerCall(scope, 'convex', 'deleteProject', () =>
    deleteIfPresent(() => deps.providers.convex.deleteProject(target.id)),
  );
  scope.logger.info('deleted convex project', { tenantId, projectId: target.id, deleted });
  return { deleted, existed: deleted };
}

/** Compensation of createConvexProject: delete-if-present, by ID or by the tenant's name. */
export async function deleteConvexProject(
  deps: ActivityDeps,
  rawInput: DeleteResourceInput,
): Promise<DeleteResourceResult> {
  const input = parseInput(ResourcesInputSchema, rawInput, 'deleteConvexProject');
  return runActivity(deps, 'deleteConvexProject', (scope) =>
    deleteConvexProjectResource(deps, scope, input.tenantId, input.resources.convexProjectId),
  );
}
