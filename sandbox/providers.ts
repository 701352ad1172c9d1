/**
 * The emulated providers and the exact operation names the fault API accepts for each (one per route).
 */
export const PROVIDER_OPERATIONS = {
  convex: [
    'createProject',
    'listProjects',
    'getProject',
    'deleteProject',
    'listDeployments',
    'getDeployment',
    'createDeployment',
    'deleteDeployment',
    'createDeployKey',
    'listDeployKeys',
    'deleteDeployKey',
    'urlForKey',
    'teamAndProjectForKey',
  ],
  convex_deployment: [
    'instanceName',
    'query',
    'mutation',
    'updateEnvironmentVariables',
    'listEnvironmentVariables',
    'getConfigHashes',
    'evaluateSchema',
    'startPush',
    'waitForSchema',
    'finishPush',
    'reportPushCompleted',
  ],
  workos: [
    'createOrganization',
    'listOrganizations',
    'getOrganization',
    'getOrganizationByExternalId',
    'updateOrganization',
    'deleteOrganization',
    'createUser',
    'listUsers',
    'getUser',
    'createMembership',
    'listMemberships',
    'getMembership',
    'deleteMembership',
    'createInvitation',
    'listInvitations',
    'getInvitation',
  ],
  cloudflare: [
    'createProject',
    'listProjects',
    'getProject',
    'updateProject',
    'deleteProject',
    'createDeployment',
    'listDeployments',
    'getDeployment',
    'deleteDeployment',
    'getUploadToken',
    'checkMissingAssets',
    'uploadAssets',
    'upsertAssetHashes',
  ],
  sendgrid: ['send'],
  site: ['get'],
} as const;

export type ProviderName = keyof typeof PROVIDER_OPERATIONS;
export type OperationOf<P extends ProviderName> = (typeof PROVIDER_OPERATIONS)[P][number];

export const PROVIDER_NAMES = Object.keys(PROVIDER_OPERATIONS) as ProviderName[];

/** Whether `operation` is one of `provider`'s operation names. */
export function isOperationOf(provider: ProviderName, operation: string): boolean {
  return (PROVIDER_OPERATIONS[provider] as readonly string[]).includes(operation);
}
