/**
 * What the sandbox remembers: every live resource of every emulated provider, captured mail and site states.
 * Declared as zod schemas because the state file written by one sandbox process is read back (validated) by the
 * next. Records hold provider-neutral facts; the provider modules render them into each API's wire shape.
 */
import { z } from 'zod';

/**
 * `down` and `slow` break a tenant's site or Convex deployment; `build_failing` makes the Pages deployments created
 * while it holds fail at their build stage (the live deployment, if any, keeps serving).
 */
export const SITE_STATES = ['up', 'down', 'slow', 'build_failing'] as const;
export const SiteStateSchema = z.enum(SITE_STATES);
export type SiteState = z.infer<typeof SiteStateSchema>;

export const ConvexProjectRecord = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  teamId: z.number().int(),
  createTime: z.number(),
});
export type ConvexProjectRecord = z.infer<typeof ConvexProjectRecord>;

export const ConvexModuleHash = z.object({
  path: z.string(),
  environment: z.enum(['isolate', 'node']),
  sha256: z.string(),
});
export type ConvexModuleHash = z.infer<typeof ConvexModuleHash>;

export const ConvexFunctionRecord = z.object({
  /** `health.js:ping` */
  identifier: z.string(),
  udfType: z.enum(['Query', 'Mutation', 'Action']),
  visibility: z.enum(['public', 'internal']),
});
export type ConvexFunctionRecord = z.infer<typeof ConvexFunctionRecord>;

/** A document in a deployment's database, as the pushed functions wrote it (Convex JSON, system fields apart). */
export const ConvexDocumentRecord = z.object({
  deploymentName: z.string(),
  table: z.string(),
  id: z.string(),
  creationTime: z.number(),
  value: z.record(z.string(), z.unknown()),
});
export type ConvexDocumentRecord = z.infer<typeof ConvexDocumentRecord>;

export const CONVEX_DEPLOYMENT_TYPES = ['dev', 'prod', 'preview', 'custom'] as const;

export const ConvexDeploymentRecord = z.object({
  id: z.number().int(),
  name: z.string(),
  projectId: z.number().int(),
  deploymentType: z.enum(CONVEX_DEPLOYMENT_TYPES),
  region: z.string(),
  class: z.string(),
  isDefault: z.boolean(),
  reference: z.string(),
  createTime: z.number(),
  /** Until this time (ms) the deployment's routes answer 503, like a backend that is still starting. */
  readyAt: z.number(),
  lastDeployTime: z.number().nullable(),
  modules: z.array(z.string()),
  envVars: z.record(z.string(), z.string()),
  /** Arguments of the last `tenant:configure` mutation (kept for state files written before real pushes). */
  tenantConfig: z.unknown(),
  /** The modules of the last finished push (`convex deploy`), by path; sources live in `convex.moduleSources`. */
  moduleHashes: z.array(ConvexModuleHash).default([]),
  /** The functions those modules export, as the push analysed them. */
  functions: z.array(ConvexFunctionRecord).default([]),
});
export type ConvexDeploymentRecord = z.infer<typeof ConvexDeploymentRecord>;

export const ConvexDeployKeyRecord = z.object({
  id: z.string(),
  name: z.string(),
  deploymentName: z.string(),
  /** The full key as handed out once: `prod:<deployment>|<secret>`. Never listed. */
  key: z.string(),
  creationTime: z.number(),
  lastUsedTime: z.number().nullable(),
  expiresAt: z.number().nullable(),
  allowedActions: z.array(z.string()),
});
export type ConvexDeployKeyRecord = z.infer<typeof ConvexDeployKeyRecord>;

export const WorkosDomainRecord = z.object({
  id: z.string(),
  domain: z.string(),
  state: z.enum(['pending', 'verified', 'failed', 'legacy_verified']),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkosDomainRecord = z.infer<typeof WorkosDomainRecord>;

/** WorkOS records sort by ID: IDs are ULIDs in creation order. */
export const WorkosOrganizationRecord = z.object({
  id: z.string(),
  name: z.string(),
  external_id: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  stripe_customer_id: z.string().optional(),
  domains: z.array(WorkosDomainRecord),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkosOrganizationRecord = z.infer<typeof WorkosOrganizationRecord>;

export const WorkosUserRecord = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email_verified: z.boolean(),
  external_id: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkosUserRecord = z.infer<typeof WorkosUserRecord>;

export const WorkosMembershipRecord = z.object({
  id: z.string(),
  user_id: z.string(),
  organization_id: z.string(),
  status: z.enum(['active', 'inactive', 'pending']),
  role_slug: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkosMembershipRecord = z.infer<typeof WorkosMembershipRecord>;

export const WorkosInvitationRecord = z.object({
  id: z.string(),
  email: z.string(),
  state: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  organization_id: z.string().nullable(),
  inviter_user_id: z.string().nullable(),
  role_slug: z.string().nullable(),
  token: z.string(),
  expires_at: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkosInvitationRecord = z.infer<typeof WorkosInvitationRecord>;

/** A remembered answer to a request that carried an `Idempotency-Key`. */
export const IdempotencyRecord = z.object({
  key: z.string(),
  status: z.number().int(),
  body: z.unknown(),
  createdAt: z.number(),
});
export type IdempotencyRecord = z.infer<typeof IdempotencyRecord>;

export const PagesEnvVar = z.object({ type: z.enum(['plain_text', 'secret_text']), value: z.string() });
export type PagesEnvVar = z.infer<typeof PagesEnvVar>;

/** One of a Pages project's `deployment_configs` (preview or production): env vars plus free-form settings. */
export const PagesDeploymentConfig = z.object({ env_vars: z.record(z.string(), PagesEnvVar) }).catchall(z.unknown());
export type PagesDeploymentConfig = z.infer<typeof PagesDeploymentConfig>;

export const PagesProjectRecord = z.object({
  id: z.string(),
  name: z.string(),
  subdomain: z.string(),
  production_branch: z.string(),
  created_on: z.string(),
  deployment_configs: z.object({ preview: PagesDeploymentConfig, production: PagesDeploymentConfig }),
  build_config: z.record(z.string(), z.unknown()),
  source: z.unknown(),
});
export type PagesProjectRecord = z.infer<typeof PagesProjectRecord>;

export const PAGES_STAGES = ['queued', 'initialize', 'clone_repo', 'build', 'deploy'] as const;

export const PagesDeploymentRecord = z.object({
  id: z.string(),
  short_id: z.string(),
  project_id: z.string(),
  project_name: z.string(),
  environment: z.enum(['production', 'preview']),
  branch: z.string(),
  commit_hash: z.string().nullable(),
  commit_message: z.string().nullable(),
  commit_dirty: z.boolean(),
  createdAtMs: z.number(),
  /** How long each of PAGES_STAGES lasts (ms), fixed at creation from the latency profile. */
  stageDurationsMs: z.array(z.number()),
  /** Number of files in the uploaded manifest. */
  fileCount: z.number().int(),
  /** Env vars of the environment at creation: a deployment keeps the settings it was built with. */
  env_vars: z.record(z.string(), PagesEnvVar),
  /** The uploaded manifest: site path (`/index.html`) to asset hash. */
  manifest: z.record(z.string(), z.string()).default({}),
  /** The stage this deployment fails at (its project's site state was `build_failing`); null: it goes live. */
  failedStage: z.enum(PAGES_STAGES).nullable().default(null),
});
export type PagesDeploymentRecord = z.infer<typeof PagesDeploymentRecord>;

/** One file uploaded by the direct-upload protocol, content-addressed by wrangler's hash, per project. */
export const PagesAssetRecord = z.object({
  projectName: z.string(),
  hash: z.string(),
  contentType: z.string(),
  /** The file's bytes, base64. */
  base64: z.string(),
});
export type PagesAssetRecord = z.infer<typeof PagesAssetRecord>;

export const CapturedEmail = z.object({
  messageId: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  from: z.string(),
  /** '' when the mail has none of its own (a template supplies it). */
  subject: z.string(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  templateId: z.string().nullable(),
  dynamicTemplateData: z.record(z.string(), z.unknown()).nullable(),
  categories: z.array(z.string()),
  customArgs: z.record(z.string(), z.string()),
  receivedAt: z.string(),
});
export type CapturedEmail = z.infer<typeof CapturedEmail>;

export const SandboxData = z.object({
  version: z.literal(1),
  counters: z.object({ convexProject: z.number().int(), convexDeployment: z.number().int() }),
  convex: z.object({
    projects: z.array(ConvexProjectRecord),
    deployments: z.array(ConvexDeploymentRecord),
    deployKeys: z.array(ConvexDeployKeyRecord),
    documents: z.array(ConvexDocumentRecord).default([]),
    /** Pushed module sources by sha256 (every tenant pushes the same backend, so one copy serves them all). */
    moduleSources: z.record(z.string(), z.string()).default({}),
  }),
  workos: z.object({
    organizations: z.array(WorkosOrganizationRecord),
    users: z.array(WorkosUserRecord),
    memberships: z.array(WorkosMembershipRecord),
    invitations: z.array(WorkosInvitationRecord),
    idempotency: z.array(IdempotencyRecord),
  }),
  cloudflare: z.object({
    projects: z.array(PagesProjectRecord),
    deployments: z.array(PagesDeploymentRecord),
    assets: z.array(PagesAssetRecord).default([]),
    /** HMAC key of the upload JWTs; kept in the state so a restarted sandbox still accepts the tokens it issued. */
    uploadJwtSecret: z.string().optional(),
  }),
  sendgrid: z.object({ emails: z.array(CapturedEmail) }),
  siteStates: z.record(z.string(), SiteStateSchema),
});
export type SandboxData = z.infer<typeof SandboxData>;

/** The state of a sandbox that has never been used (also what `POST /_sandbox/reset` returns to). */
export function emptySandboxData(): SandboxData {
  return {
    version: 1,
    counters: { convexProject: 1000, convexDeployment: 5000 },
    convex: { projects: [], deployments: [], deployKeys: [], documents: [], moduleSources: {} },
    workos: { organizations: [], users: [], memberships: [], invitations: [], idempotency: [] },
    cloudflare: { projects: [], deployments: [], assets: [] },
    sendgrid: { emails: [] },
    siteStates: {},
  };
}
