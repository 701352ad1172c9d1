/**
 * WorkOS activities: the tenant's organization, found by its deterministic external ID `tenant-<tenantId>`
 * (find-or-adopt before create, an idempotency key on create, a 409 re-read and adopted), and its deletion.
 */
import type { Organization } from '@workos-inc/node';
import type {
  CreateWorkosOrganizationInput,
  CreateWorkosOrganizationResult,
  DeleteResourceInput,
  DeleteResourceResult,
} from './contract';
import { jobRunKey, type CallScope } from './call-context';
import type { ActivityDeps } from './deps';
import { deleteIfPresent, ifFound, isConflict } from './errors';
import { CreateWorkosOrganizationInputSchema, ResourcesInputSchema } from './input-schemas';
import { RESOURCE_PREFIX, resourceNames } from './naming';
import { parseInput, providerCall, runActivity } from './provider-call';

/** The tenant's organization, by external ID. */
export function findWorkosOrganization(
  deps: ActivityDeps,
  scope: CallScope,
  tenantId: string,
): Promise<Organization | undefined> {
  const externalId = resourceNames.workosExternalId(tenantId);
  return providerCall(scope, 'workos', 'getOrganizationByExternalId', () =>
    ifFound(() => deps.providers.workos.organizations.getOrganizationByExternalId(externalId)),
  );
}

/** Every organization whose external ID follows the naming convention (for the orphan scan). */
export function listWorkosTenantOrganizations(deps: ActivityDeps, scope: CallScope): Promise<Organization[]> {
  return providerCall(scope, 'workos', 'listOrganizations', async () => {
    const organizations: Organization[] = [];
    let after: string | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const list = await deps.providers.workos.organizations.listOrganizations({ limit: 100, after });
      organizations.push(...list.data);
      const next = list.listMetadata.after;
      if (!next) break;
      after = next;
    }
    return organizations.filter((o) => o.externalId?.startsWith(RESOURCE_PREFIX));
  });
}

/**
 * Creates (or adopts) the tenant's organization with external ID `tenant-<tenantId>` and metadata `{tenantId}`.
 * Idempotent: looks the external ID up first, sends `Idempotency-Key: <jobId>:<runId>:workos-org`, and adopts on a 409.
 * The run ID is part of the key: a tenant provisioned again after a cleanup must not get the deleted org's response.
 */
export async function createWorkosOrganization(
  deps: ActivityDeps,
  rawInput: CreateWorkosOrganizationInput,
): Promise<CreateWorkosOrganizationResult> {
  const input = parseInput(CreateWorkosOrganizationInputSchema, rawInput, 'createWorkosOrganization');
  return runActivity(deps, 'createWorkosOrganization', async (scope) => {
    const existing = await findWorkosOrganization(deps, scope, input.tenantId);
    if (existing) {
      scope.logger.info('adopted workos organization', { tenantId: input.tenantId, organizationId: existing.id });
      return { organizationId: existing.id, adopted: true, attempt: scope.attempt };
    }
    const created = await providerCall(scope, 'workos', 'createOrganization', async () => {
      try {
        return await deps.providers.workos.organizations.createOrganization(
          {
            name: input.name,
            externalId: resourceNames.workosExternalId(input.tenantId),
            metadata: { tenantId: input.tenantId },
          },
          { idempotencyKey: `${jobRunKey(input.jobId)}:workos-org` },
        );
      } catch (err) {
        if (isConflict(err)) return undefined;
        throw err;
      }
    });
    if (created) {
      scope.logger.info('created workos organization', { tenantId: input.tenantId, organizationId: created.id });
      return { organizationId: created.id, adopted: false, attempt: scope.attempt };
    }
    const adopted = await findWorkosOrganization(deps, scope, input.tenantId);
    if (!adopted) throw new Error('organization create answered 409 but no organization has our external id');
    scope.logger.info('adopted workos organization after conflict', {
      tenantId: input.tenantId,
      organizationId: adopted.id,
    });
    return { organizationId: adopted.id, adopted: true, attempt: scope.attempt };
  });
}

/**
 * Deletes the tenant's organization if present: by the known ID when its external ID is the tenant's, else by the
 * external ID. An organization that is not ours is never deleted.
 */
export async function deleteWorkosOrganizationResource(
  deps: ActivityDeps,
  scope: CallScope,
  tenantId: string,
  organizationId: string | undefined,
): Promise<DeleteResourceResult> {
  const externalId = resourceNames.workosExternalId(tenantId);
  let organization: Organization | undefined;
  if (organizationId) {
    organization = await providerCall(scope, 'workos', 'getOrganization', () =>
      ifFound(() => deps.providers.workos.organizations.getOrganization(organizationId)),
    );
    if (organization && organization.externalId !== externalId) {
      scope.logger.warn('workos organization id is not the tenant organization; looking up by external id', {
        organizationId,
        tenantId,
      });
      organization = undefined;
    }
  }
  organization ??= await findWorkosOrganization(deps, scope, tenantId);
  if (!organization) return { deleted: false, existed: false };
  const target = organization;
  const deleted = await providerCall(scope, 'workos', 'deleteOrganization', () =>
    deleteIfPresent(() => deps.providers.workos.organizations.deleteOrganization(target.id)),
  );
  scope.logger.info('deleted workos organization', { tenantId, organizationId: target.id, deleted });
  return { deleted, existed: deleted };
}

/** Compensation of createWorkosOrganization: delete-if-present, by ID or by the tenant's external ID. */
export async function deleteWorkosOrganization(
  deps: ActivityDeps,
  rawInput: DeleteResourceInput,
): Promise<DeleteResourceResult> {
  const input = parseInput(ResourcesInputSchema, rawInput, 'deleteWorkosOrganization');
  return runActivity(deps, 'deleteWorkosOrganization', (scope) =>
    deleteWorkosOrganizationResource(deps, scope, input.tenantId, input.resources.workosOrganizationId),
  );
}
