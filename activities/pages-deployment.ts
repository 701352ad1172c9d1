/**
 * deployFrontend: a production deployment of the tenant's Pages project, awaited until live. Idempotent: the latest
 * production deployment is adopted when it is live or still in progress, so a retry after a lost response does not
 * deploy twice. Heartbeats on every poll and honours cancellation (the sleep between polls is cancellable).
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Deployment } from 'cloudflare/resources/pages/projects/projects';
import { FailureType } from '../workflows/contracts/provision-tenant';
import type { DeployFrontendInput, DeployFrontendResult } from './contract';
import type { CallScope } from './call-context';
import { inActivity } from './call-context';
import { getPagesProject, isOwnedBy, productionEnvVar, type PagesProject } from './cloudflare';
import type { ActivityDeps } from './deps';
import { DeployFrontendInputSchema } from './input-schemas';
import { tenantFrontendFiles, uploadPagesAssets } from './pages-upload';
import { parseInput, providerCall, runActivity } from './provider-call';

const FAILED_STATUSES = new Set(['failure', 'canceled', 'skipped']);

/** True when the deployment is live: its latest stage is `deploy` and succeeded. */
export function isDeploymentLive(deployment: Pick<Deployment, 'latest_stage'>): boolean {
  return deployment.latest_stage?.name === 'deploy' && deployment.latest_stage.status === 'success';
}

/** True when the deployment ended without going live. */
export function isDeploymentFailed(deployment: Pick<Deployment, 'latest_stage'>): boolean {
  return FAILED_STATUSES.has(deployment.latest_stage?.status ?? '');
}

/** `siteUrlTemplate` with `{subdomain}` replaced. */
export function siteUrlFor(template: string, subdomain: string): string {
  return template.replace('{subdomain}', subdomain);
}

/**
 * A deployment is adopted when it is live or in progress and was built with the project's current Convex URL (env
 * var changes only reach new deployments, so an older one would point the site at a stale backend).
 */
function isAdoptable(deployment: Deployment, project: PagesProject): boolean {
  if (isDeploymentFailed(deployment)) return false;
  const built = (deployment.env_vars as Record<string, { value?: unknown } | null> | undefined)?.CONVEX_URL?.value;
  return built === undefined || built === productionEnvVar(project, 'CONVEX_URL');
}

function newest(deployments: Deployment[]): Deployment | undefined {
  return [...deployments].sort((a, b) => Date.parse(b.created_on) - Date.parse(a.created_on))[0];
}

const FIRST_POLL_MS = 25;

async function waitUntilLive(
  deps: ActivityDeps,
  scope: CallScope,
  projectName: string,
  initial: Deployment,
): Promise<Deployment> {
  const accountId = deps.config.providers.cloudflare.accountId;
  const interval = deps.config.provisioning.deployPollIntervalMs;
  // The first polls come quickly and back off to the interval: a fast deployment is seen at once, a slow one
  // costs a few extra GETs at most.
  let wait = Math.min(FIRST_POLL_MS, interval);
  let deployment = initial;
  for (;;) {
    if (isDeploymentLive(deployment)) return deployment;
    if (isDeploymentFailed(deployment)) {
      const stage = deployment.latest_stage;
      throw ApplicationFailure.create({
        type: FailureType.DeploymentFailed,
        message: `Pages deployment ${deployment.id} of ${projectName} ended in ${stage.name}/${stage.status}`,
        nonRetryable: true,
        details: [{ provider: 'cloudflare', operation: 'getDeployment', deploymentId: deployment.id, stage }],
      });
    }
    const stage = `${deployment.latest_stage?.name ?? 'unknown'}/${deployment.latest_stage?.status ?? 'unknown'}`;
    if (inActivity()) {
      Context.current().heartbeat({ deploymentId: deployment.id, stage });
      await Context.current().sleep(wait);
    } else {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    wait = Math.min(wait * 2, interval);
    const id = deployment.id;
    deployment = await providerCall(scope, 'cloudflare', 'getDeployment', () =>
      deps.providers.cloudflare.pages.projects.deployments.get(id, {
        account_id: accountId,
        project_name: projectName,
      }),
    );
  }
}

/**
 * Creates (or adopts) a production deployment of the project: uploads the tenant frontend (tenant-frontend/site, with
 * the project's CONVEX_URL put in) by the direct-upload protocol, creates the deployment on branch `main` with the
 * manifest, and polls it every `deployPollIntervalMs` with a heartbeat until it is live. A failed or cancelled deployment is
 * DeploymentFailed (non-retryable). Returns the deployment ID and the site URL built from the project's subdomain.
 */
export async function deployFrontend(deps: ActivityDeps, rawInput: DeployFrontendInput): Promise<DeployFrontendResult> {
  const input = parseInput(DeployFrontendInputSchema, rawInput, 'deployFrontend');
  return runActivity(deps, 'deployFrontend', async (scope) => {
    const accountId = deps.config.providers.cloudflare.accountId;
    const pages = deps.providers.cloudflare.pages.projects;
    const project = await getPagesProject(deps, scope, input.projectName);
    if (!project) {
      throw ApplicationFailure.create({
        type: FailureType.ResourceNotReady,
        message: `Pages project ${input.projectName} does not exist`,
        details: [{ provider: 'cloudflare', operation: 'getProject', projectName: input.projectName }],
      });
    }
    if (!isOwnedBy(project, input.tenantId)) {
      throw ApplicationFailure.create({
        type: FailureType.ResourceConflict,
        message: `Pages project ${input.projectName} is not owned by tenant ${input.tenantId}`,
        nonRetryable: true,
      });
    }
    if (!project.subdomain) throw new Error(`Pages project ${project.name} has no subdomain in the API answer`);
    const latest = await providerCall(scope, 'cloudflare', 'listDeployments', async () => {
      const page = await pages.deployments.list(input.projectName, { account_id: accountId, env: 'production' });
      return newest(page.getPaginatedItems().filter((d) => d.environment === 'production'));
    });
    let deployment: Deployment;
    if (latest && isAdoptable(latest, project)) {
      scope.logger.info('adopted pages deployment', { projectName: input.projectName, deploymentId: latest.id });
      deployment = latest;
    } else {
      const convexUrl = productionEnvVar(project, 'CONVEX_URL');
      if (!convexUrl) throw new Error(`Pages project ${project.name} has no CONVEX_URL to build the frontend with`);
      const manifest = await uploadPagesAssets(deps, scope, input.projectName, tenantFrontendFiles(convexUrl));
      deployment = await providerCall(scope, 'cloudflare', 'createDeployment', () =>
        pages.deployments.create(input.projectName, {
          account_id: accountId,
          manifest: JSON.stringify(manifest),
          branch: 'main',
        }),
      );
      scope.logger.info('created pages deployment', { projectName: input.projectName, deploymentId: deployment.id });
    }
    const live = await waitUntilLive(deps, scope, input.projectName, deployment);
    return {
      deploymentId: live.id,
      siteUrl: siteUrlFor(deps.config.providers.cloudflare.siteUrlTemplate, project.subdomain),
      attempt: scope.attempt,
    };
  });
}
