/**
 * Configuration, parsed once at the edge (CONVENTIONS 10). `loadConfig(env)` returns a frozen object or throws one
 * error naming every missing or invalid variable. Nothing else reads process.env.
 *
 * With no provider credentials, every provider base URL points at the local sandbox (`SANDBOX_URL`).
 */
import { z } from 'zod';
import { parseApiCredentials } from './api-credentials';
import { booleanText, duration, nonNegativeInt, planLimits, positiveInt } from './config-values';
import type { AppConfig } from './app-config';
import { describeIssues, fieldIssues } from './input-issues';
import { tracingConfigOf } from './tracing-config';

export { parseDurationMs } from './config-values';
export type { HealthConfig } from './health-config';
export type { TracingConfig } from './tracing-config';
export type { AppConfig, ProviderEndpoint } from './app-config';

const DEFAULT_SANDBOX_PORT = 4010;

const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tenant-provisioning'),
  /** Temporal's environment-configuration names (the `temporal` CLI reads the same): common/temporal-connection.ts. */
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),

  API_PORT: nonNegativeInt.default(3000),
  API_PUBLIC_URL: z.url().optional(),
  /** Interface the API listens on: localhost unless configured otherwise. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** `name:role:sha256:<hex>,…` (common/api-credentials.ts); no credential, no access. */
  API_CREDENTIALS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseApiCredentials(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Removed: one shared token named nobody. Set only to say what replaced it. */
  ADMIN_API_TOKEN: z.string().optional(),
  /** Requests per minute per principal and per client address, on every route. */
  API_RATE_LIMIT: positiveInt.default(600),
  /** Requests per minute per principal and per client address on the routes that act (start, retry, cancel…). */
  API_ACTION_RATE_LIMIT: positiveInt.default(30),
  /** Where the limiters count: `memory` (one API process) or `sqlite` (the store file, shared by API processes). */
  API_RATE_LIMIT_STORE: z.enum(['memory', 'sqlite']).default('memory'),
  /** Authentication failures or rate-limit hits from one client, within API_BLOCK_WINDOW, that block it. */
  API_BLOCK_AFTER: positiveInt.default(20),
  API_BLOCK_WINDOW: duration.default(10 * 60_000),
  API_BLOCK_DURATION: duration.default(15 * 60_000),
  /** How long one instance's live health checks are reused by `GET /instance-health/:id`. */
  INSTANCE_HEALTH_CACHE: duration.default(30_000),
  /** How long a job's public status page answers after the job ended. */
  STATUS_PAGE_RETENTION: duration.default(7 * 24 * 3_600_000),
  /** How often the status page's event stream reads the job's progress to push changes. */
  STATUS_PAGE_PUSH_INTERVAL: duration.default(1_000),
  SANDBOX_PORT: nonNegativeInt.default(DEFAULT_SANDBOX_PORT),
  SANDBOX_URL: z.url().optional(),

  DATA_DIR: z.string().min(1).default('.data'),
  STORE_SQLITE_PATH: z.string().min(1).optional(),
  /** Create the store file when it does not exist (only the stack's `up` and `store init` should). */
  STORE_CREATE: booleanText.default(false),

  CONVEX_MANAGEMENT_URL: z.url().optional(),
  CONVEX_ACCESS_TOKEN: z.string().min(1).optional(),
  CONVEX_TEAM_ID: z.coerce.number().int().positive().optional(),
  /** How many `convex deploy` runs (each bundles the tenant backend with esbuild) one worker runs at once. */
  CONVEX_DEPLOY_CONCURRENCY: positiveInt.default(2),
  WORKOS_API_URL: z.url().optional(),
  WORKOS_API_KEY: z.string().min(1).optional(),
  CLOUDFLARE_API_URL: z.url().optional(),
  CLOUDFLARE_API_TOKEN: z.string().min(1).optional(),
  CLOUDFLARE_ACCOUNT_ID: z.string().min(1).optional(),
  /** How a Pages subdomain (`<name>.pages.dev`) becomes a URL; `{subdomain}` is replaced. */
  PAGES_SITE_URL_TEMPLATE: z.string().includes('{subdomain}').optional(),
  SENDGRID_API_URL: z.url().optional(),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  MAIL_FROM: z.email().default('provisioning@brain.local'),
  PROVIDER_TIMEOUT: duration.default(10_000),

  PROVISION_MAX_ATTEMPTS: positiveInt.default(3),
  PROVISION_RETRY_INITIAL: duration.default(1_000),
  PROVISION_RETRY_BACKOFF: z.coerce.number().min(1).default(2),
  PROVISION_RETRY_MAX: duration.default(30_000),
  PROVISION_CLEANUP_GRACE: duration.default(24 * 3_600_000),
  PROVISION_ACTIVITY_TIMEOUT: duration.default(60_000),
  PROVISION_DEPLOYMENT_TIMEOUT: duration.default(10 * 60_000),
  COMPENSATION_MAX_ATTEMPTS: positiveInt.default(10),
  NOTIFICATION_MAX_ATTEMPTS: positiveInt.default(10),
  NOTIFICATION_RETRY_INITIAL: duration.default(2_000),
  NOTIFICATION_RETRY_MAX: duration.default(5 * 60_000),
  OPS_ALERT_EMAIL: z.email().optional(),
  DEPLOY_POLL_INTERVAL: duration.default(1_000),
  MAX_INSTANCES_PER_REQUESTER: positiveInt.default(50),
  /** `plan:count,…` (common/quota-policy.ts); unset: not enforced. */
  QUOTA_REQUESTER_CONCURRENT: planLimits.optional(),
  QUOTA_REQUESTER_PER_DAY: planLimits.optional(),
  QUOTA_OWNER_CONCURRENT: planLimits.optional(),
  QUOTA_OWNER_PER_DAY: planLimits.optional(),
  ORPHAN_SCAN_INTERVAL: duration.default(24 * 3_600_000),
  ORPHAN_MIN_AGE: duration.default(3_600_000),
  ORPHAN_CLEANUP_MAX_DELETIONS: positiveInt.default(20),

  HEALTH_SWEEP_INTERVAL: duration.default(5 * 60_000),
  HEALTH_SWEEP_BATCH_SIZE: positiveInt.default(500),
  HEALTH_SWEEP_PARALLEL_BATCHES: positiveInt.default(4),
  HEALTH_CHECK_CONCURRENCY: positiveInt.default(100),
  HEALTH_CHECK_TIMEOUT: duration.default(10_000),
  HEALTH_SLOW_THRESHOLD: duration.default(2_000),
  HEALTH_ALERT_THRESHOLD: duration.default(10 * 60_000),
  HEALTH_ALERT_THRESHOLD_DOWN: duration.optional(),
  HEALTH_ALERT_THRESHOLD_DEGRADED: duration.optional(),
  /** Comma-separated addresses that receive health alerts by email; unset: no alert emails. */
  HEALTH_ALERT_EMAILS: z.string().optional(),
  HEALTH_ALERT_WEBHOOK_URL: z.url().optional(),
  HEALTH_ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),

  LOGIN_URL_BASE: z.url().default('http://localhost:3000/login'),
  SUPPORT_URL: z.url().default('http://localhost:3000/support'),
  GETTING_STARTED_URL: z.url().default('http://localhost:3000/docs/getting-started'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** The admin CLI's JSON log lines go to stderr from this level (default `warn`: they stay out of the way). */
  CLI_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
  /** The correlation ID a CLI command sends with what it starts or signals (e.g. Brain's); default: a new one. */
  CORRELATION_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only, at most 128')
    .optional(),
  /** `/metrics` of the API without a bearer token (else any role may read it). */
  METRICS_PUBLIC: booleanText.default(false),
  WORKER_METRICS_PORT: nonNegativeInt.optional(),
  /** A prebuilt workflow bundle (`npm run build:workflows`) that the worker loads instead of bundling at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** OpenTelemetry's standard names: set either, and every process exports its spans over OTLP/HTTP (tracing/). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(fieldIssues(parsed.error, '(env)').map((issue) => describeIssues([issue])));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const sandboxUrl = (e.SANDBOX_URL ?? `http://127.0.0.1:${e.SANDBOX_PORT}`).replace(/\/$/, '');

  /** A provider is real when its credential is set; then its other required variables must be set too. */
  function requireWith(credential: string | undefined, name: string, others: Record<string, unknown>): void {
    if (!credential) return;
    for (const [key, value] of Object.entries(others)) {
      if (value === undefined) problems.push(`${key}: required when ${name} is set`);
    }
  }
  requireWith(e.CONVEX_ACCESS_TOKEN, 'CONVEX_ACCESS_TOKEN', { CONVEX_TEAM_ID: e.CONVEX_TEAM_ID });
  requireWith(e.CLOUDFLARE_API_TOKEN, 'CLOUDFLARE_API_TOKEN', { CLOUDFLARE_ACCOUNT_ID: e.CLOUDFLARE_ACCOUNT_ID });
  // A real SendGrid answers 403 for a sender that is not verified: the sender must be chosen, not defaulted.
  requireWith(e.SENDGRID_API_KEY, 'SENDGRID_API_KEY', { MAIL_FROM: present.MAIL_FROM });
  requireWith(e.HEALTH_ALERT_WEBHOOK_URL, 'HEALTH_ALERT_WEBHOOK_URL', {
    HEALTH_ALERT_WEBHOOK_SECRET: e.HEALTH_ALERT_WEBHOOK_SECRET,
  });
  const alertEmails = (e.HEALTH_ALERT_EMAILS ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
  for (const address of alertEmails) {
    if (!z.email().safeParse(address).success) problems.push(`HEALTH_ALERT_EMAILS: not an email address: ${address}`);
  }

  const tlsFiles = {
    serverCaCertPath: e.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    serverName: e.TEMPORAL_TLS_SERVER_NAME,
    clientCertPath: e.TEMPORAL_TLS_CLIENT_CERT_PATH,
    clientKeyPath: e.TEMPORAL_TLS_CLIENT_KEY_PATH,
  };
  if (!e.TEMPORAL_TLS_CLIENT_CERT_PATH !== !e.TEMPORAL_TLS_CLIENT_KEY_PATH) {
    problems.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH: mTLS needs both');
  }
  // As the `temporal` CLI: TLS is on when asked for, or implied by any TLS option or an API key.
  const tlsImplied = Object.values(tlsFiles).some((v) => v !== undefined) || e.TEMPORAL_API_KEY !== undefined;
  const tlsOn = e.TEMPORAL_TLS === undefined ? tlsImplied : e.TEMPORAL_TLS === 'true';
  if (e.TEMPORAL_TLS === 'false' && Object.values(tlsFiles).some((v) => v !== undefined)) {
    problems.push('TEMPORAL_TLS: false, yet TLS certificate or server-name variables are set');
  }
  if (e.ADMIN_API_TOKEN !== undefined) {
    problems.push('ADMIN_API_TOKEN: no longer read; give each caller a named credential in API_CREDENTIALS (README)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const apiPublicUrl = (e.API_PUBLIC_URL ?? `http://localhost:${e.API_PORT}`).replace(/\/$/, '');
  const config: AppConfig = {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: tlsOn ? Object.fromEntries(Object.entries(tlsFiles).filter(([, value]) => value !== undefined)) : undefined,
      apiKey: e.TEMPORAL_API_KEY,
    },
    api: {
      port: e.API_PORT,
      host: e.API_HOST,
      publicUrl: apiPublicUrl,
      credentials: e.API_CREDENTIALS,
      rateLimit: {
        perMinute: e.API_RATE_LIMIT,
        actionsPerMinute: e.API_ACTION_RATE_LIMIT,
        store: e.API_RATE_LIMIT_STORE,
      },
      blocking: { after: e.API_BLOCK_AFTER, windowMs: e.API_BLOCK_WINDOW, durationMs: e.API_BLOCK_DURATION },
      statusPage: { retentionMs: e.STATUS_PAGE_RETENTION, pushIntervalMs: e.STATUS_PAGE_PUSH_INTERVAL },
      instanceHealthCacheMs: e.INSTANCE_HEALTH_CACHE,
      metricsPublic: e.METRICS_PUBLIC,
    },
    sandbox: { port: e.SANDBOX_PORT, url: sandboxUrl },
    store: { sqlitePath: e.STORE_SQLITE_PATH ?? `${e.DATA_DIR}/brain.sqlite`, create: e.STORE_CREATE },
    dataDir: e.DATA_DIR,
    providers: {
      timeoutMs: e.PROVIDER_TIMEOUT,
      convex: {
        baseUrl: e.CONVEX_MANAGEMENT_URL ?? (e.CONVEX_ACCESS_TOKEN ? 'https://api.convex.dev/v1' : `${sandboxUrl}/v1`),
        sandbox: !e.CONVEX_ACCESS_TOKEN,
        accessToken: e.CONVEX_ACCESS_TOKEN ?? 'sandbox-convex-token',
        teamId: e.CONVEX_TEAM_ID ?? 1,
        provisionHost: e.CONVEX_MANAGEMENT_URL
          ? new URL(e.CONVEX_MANAGEMENT_URL).origin
          : e.CONVEX_ACCESS_TOKEN
            ? undefined
            : sandboxUrl,
        deployConcurrency: e.CONVEX_DEPLOY_CONCURRENCY,
      },
      workos: {
        baseUrl: e.WORKOS_API_URL ?? (e.WORKOS_API_KEY ? 'https://api.workos.com' : sandboxUrl),
        sandbox: !e.WORKOS_API_KEY,
        apiKey: e.WORKOS_API_KEY ?? 'sk_sandbox_key',
      },
      cloudflare: {
        baseUrl:
          e.CLOUDFLARE_API_URL ??
          (e.CLOUDFLARE_API_TOKEN ? 'https://api.cloudflare.com/client/v4' : `${sandboxUrl}/client/v4`),
        sandbox: !e.CLOUDFLARE_API_TOKEN,
        apiToken: e.CLOUDFLARE_API_TOKEN ?? 'sandbox-cloudflare-token',
        accountId: e.CLOUDFLARE_ACCOUNT_ID ?? 'sandbox-account',
        siteUrlTemplate:
          e.PAGES_SITE_URL_TEMPLATE ??
          (e.CLOUDFLARE_API_TOKEN ? 'https://{subdomain}' : `${sandboxUrl}/_sites/{subdomain}`),
      },
      sendgrid: {
        baseUrl: e.SENDGRID_API_URL ?? (e.SENDGRID_API_KEY ? 'https://api.sendgrid.com' : sandboxUrl),
        sandbox: !e.SENDGRID_API_KEY,
        apiKey: e.SENDGRID_API_KEY ?? 'SG.sandbox',
        from: e.MAIL_FROM,
      },
    },
    provisioning: {
      maxAttempts: e.PROVISION_MAX_ATTEMPTS,
      retryInitialMs: e.PROVISION_RETRY_INITIAL,
      retryBackoff: e.PROVISION_RETRY_BACKOFF,
      retryMaxMs: e.PROVISION_RETRY_MAX,
      cleanupGraceMs: e.PROVISION_CLEANUP_GRACE,
      activityTimeoutMs: e.PROVISION_ACTIVITY_TIMEOUT,
      deploymentTimeoutMs: e.PROVISION_DEPLOYMENT_TIMEOUT,
      compensationMaxAttempts: e.COMPENSATION_MAX_ATTEMPTS,
      deployPollIntervalMs: e.DEPLOY_POLL_INTERVAL,
      maxInstancesPerRequester: e.MAX_INSTANCES_PER_REQUESTER,
      quotas: {
        requester: { concurrent: e.QUOTA_REQUESTER_CONCURRENT, perDay: e.QUOTA_REQUESTER_PER_DAY },
        ownerEmail: { concurrent: e.QUOTA_OWNER_CONCURRENT, perDay: e.QUOTA_OWNER_PER_DAY },
      },
      loginUrlBase: e.LOGIN_URL_BASE.replace(/\/$/, ''),
      supportUrl: e.SUPPORT_URL,
      gettingStartedUrl: e.GETTING_STARTED_URL,
      notificationMaxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
      notificationRetryInitialMs: e.NOTIFICATION_RETRY_INITIAL,
      notificationRetryMaxMs: e.NOTIFICATION_RETRY_MAX,
      opsAlertEmail: e.OPS_ALERT_EMAIL,
    },
    orphans: {
      scanIntervalMs: e.ORPHAN_SCAN_INTERVAL,
      minAgeMs: e.ORPHAN_MIN_AGE,
      cleanupMaxDeletions: e.ORPHAN_CLEANUP_MAX_DELETIONS,
    },
    health: {
      sweepIntervalMs: e.HEALTH_SWEEP_INTERVAL,
      batchSize: e.HEALTH_SWEEP_BATCH_SIZE,
      parallelBatches: e.HEALTH_SWEEP_PARALLEL_BATCHES,
      checkConcurrency: e.HEALTH_CHECK_CONCURRENCY,
      checkTimeoutMs: e.HEALTH_CHECK_TIMEOUT,
      slowThresholdMs: e.HEALTH_SLOW_THRESHOLD,
      alertThresholdMs: {
        down: e.HEALTH_ALERT_THRESHOLD_DOWN ?? e.HEALTH_ALERT_THRESHOLD,
        degraded: e.HEALTH_ALERT_THRESHOLD_DEGRADED ?? e.HEALTH_ALERT_THRESHOLD,
      },
      alertEmails,
      webhook:
        e.HEALTH_ALERT_WEBHOOK_URL && e.HEALTH_ALERT_WEBHOOK_SECRET
          ? { url: e.HEALTH_ALERT_WEBHOOK_URL, secret: e.HEALTH_ALERT_WEBHOOK_SECRET }
          : null,
    },
    logLevel: e.LOG_LEVEL,
    cli: { logLevel: e.CLI_LOG_LEVEL, correlationId: e.CORRELATION_ID },
    workerMetricsPort: e.WORKER_METRICS_PORT,
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    tracing: tracingConfigOf(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, e.OTEL_EXPORTER_OTLP_ENDPOINT),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
