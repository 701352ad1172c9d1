/**
 * Deterministic resource names derived from the tenant ID: the basis of find-or-adopt idempotency and of orphan
 * detection (anything named with the prefix that no instance or running job owns is an orphan).
 */
import { TENANT_RESOURCE_PREFIX } from '../workflows/contracts/provision-tenant';

export const RESOURCE_PREFIX = TENANT_RESOURCE_PREFIX;

export const resourceNames = {
  convexProject: (tenantId: string) => `${RESOURCE_PREFIX}${tenantId}`,
  workosExternalId: (tenantId: string) => `${RESOURCE_PREFIX}${tenantId}`,
  pagesProject: (tenantId: string) => `${RESOURCE_PREFIX}${tenantId}`,
  convexDeployKey: (tenantId: string) => `provisioner-${tenantId}`,
};

/** The tenant a resource name belongs to, or undefined when the name is not one of ours. */
export function tenantIdFromResourceName(name: string | null | undefined): string | undefined {
  if (!name || !name.startsWith(RESOURCE_PREFIX)) return undefined;
  const tenantId = name.slice(RESOURCE_PREFIX.length);
  return /^[a-z0-9][a-z0-9-]{2,38}$/.test(tenantId) ? tenantId : undefined;
}

/** Environment variable set on a Pages project to prove which tenant owns it (ownership check before adopting). */
export const PAGES_OWNER_ENV_VAR = 'BRAIN_TENANT_ID';
