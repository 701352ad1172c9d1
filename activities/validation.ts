/**
 * Health checks of a tenant's resources, one per resource: Convex deployment reachable (`/instance_name`) and
 * serving (`health:ping` query), WorkOS organization readable, Pages deployment live, site answering 2xx. Each
 * check reports instead of throwing, so the same functions serve validateResources and on-demand health reports.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureType, type ProvisionedResources } from '../workflows/contracts/provision-tenant';
import type { ResourceCheck, ValidateResourcesInput, ValidateResourcesResult } from './contract';
import { runInScope, scopeForCurrentActivity, withOperation, type CallScope } from './call-context';
import type { ActivityDeps } from './deps';
import { toActivityFailure } from './errors';
import { ResourcesInputSchema } from './input-schemas';
import { isDeploymentLive } from './pages-deployment';
import { parseInput, runActivity, type ProviderName } from './provider-call';

type CheckBody = () => Promise<string>;

async function check(
  scope: CallScope,
  resource: ResourceCheck['resource'],
  provider: ProviderName,
  operation: string,
  body: CheckBody,
): Promise<ResourceCheck> {
  try {
    const detail = await withOperation(operation, body);
    return { resource, ok: true, detail };
  } catch (err) {
    const failure = toActivityFailure(err, { provider, operation, attempt: scope.attempt });
    return { resource, ok: false, detail: `${failure.type}: ${failure.message}` };
  }
}

class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}

function missing(what: string): never {
  throw new CheckFailed(`${what} is not known yet`);
}

/**
 * Runs every check in parallel for the resources given; a resource whose IDs are missing fails its check. Usable
 * outside an activity (on-demand health reports): the scope then gets a fresh correlation ID.
 */
export function checkResources(
  deps: ActivityDeps,
  resources: ProvisionedResources,
  scope: CallScope = scopeForCurrentActivity(deps.logger, 'health-check'),
): Promise<ResourceCheck[]> {
  const { providers, config } = deps;
  return runInScope(scope, () =>
    Promise.all([
      check(scope, 'convex', 'convex_deployment', 'healthCheck', async () => {
        const url = resources.convexDeploymentUrl ?? missing('convexDeploymentUrl');
        const client = providers.convexDeployment(url);
        const instance = await client.instanceName();
        const pong = await client.query('health:ping', {});
        return `instance ${instance} answered; health:ping returned ${JSON.stringify(pong)}`;
      }),
      check(scope, 'workos', 'workos', 'getOrganization', async () => {
        const id = resources.workosOrganizationId ?? missing('workosOrganizationId');
        const organization = await providers.workos.organizations.getOrganization(id);
        return `organization ${organization.id} (${organization.name})`;
      }),
      check(scope, 'cloudflareDeployment', 'cloudflare', 'getDeployment', async () => {
        const project = resources.pagesProjectName ?? missing('pagesProjectName');
        const id = resources.pagesDeploymentId ?? missing('pagesDeploymentId');
        const deployment = await providers.cloudflare.pages.projects.deployments.get(id, {
          account_id: config.providers.cloudflare.accountId,
          project_name: project,
        });
        const stage = `${deployment.latest_stage?.name}/${deployment.latest_stage?.status}`;
        if (!isDeploymentLive(deployment)) throw new CheckFailed(`deployment ${id} is at ${stage}`);
        return `deployment ${id} is live (${stage})`;
      }),
      check(scope, 'site', 'site', 'getSite', async () => {
        const url = resources.siteUrl ?? missing('siteUrl');
        const response = await providers.fetch(url, { method: 'GET' });
        await response.arrayBuffer();
        if (!response.ok) throw new CheckFailed(`site ${url} answered ${response.status}`);
        return `site ${url} answered ${response.status}`;
      }),
    ]),
  );
}

/**
 * Checks every resource of the tenant; throws ResourceNotReady (retryable) naming the failing checks while any
 * fails, so the workflow's retry policy waits for a slow resource. Read-only, hence idempotent.
 */
export async function validateResources(
  deps: ActivityDeps,
  rawInput: ValidateResourcesInput,
): Promise<ValidateResourcesResult> {
  const input = parseInput(ResourcesInputSchema, rawInput, 'validateResources');
  return runActivity(deps, 'validateResources', async (scope) => {
    const checks = await checkResources(deps, input.resources, scope);
    const failing = checks.filter((c) => !c.ok);
    if (failing.length > 0) {
      throw ApplicationFailure.create({
        type: FailureType.ResourceNotReady,
        message: `resources not ready: ${failing.map((c) => `${c.resource} (${c.detail})`).join('; ')}`,
        nonRetryable: false,
        details: [{ checks, attempt: scope.attempt }],
      });
    }
    return { checks, attempt: scope.attempt };
  });
}
