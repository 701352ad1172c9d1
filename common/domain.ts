/**
 * The domain's types shared by every process and layer (the store, the activities, the workflows, the clients):
 * what an email is for, which providers hold a tenant's resources, and what an orphaned resource looks like.
 * Types only: the workflow bundle imports this module with `import type`.
 */

/** Why an email goes to a tenant's owner. */
export type EmailKind = 'started' | 'ready' | 'welcome' | 'failed';

/** The providers that hold a tenant's resources, and one resource as a provider lists it (orphan detection). */
export type Provider = 'convex' | 'workos' | 'cloudflare';
export interface ProviderResource {
  provider: Provider;
  /** Provider ID (Convex project id as string, WorkOS org id, Cloudflare project name). */
  id: string;
  name: string;
  /** Tenant the resource would belong to, from the naming convention. */
  tenantId: string;
  createdAt: string;
}
export interface OrphanRecord extends ProviderResource {
  ageMs: number;
  likelyJobId: string;
  detectedAt: string;
}
