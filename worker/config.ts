/**
 * Configuration, parsed once at the edge (CONVENTIONS 10). `loadConfig(env)` returns a frozen object or throws one
 * error naming every missing or invalid variable. Nothing else reads process.env.
 *
 * With no provider credentials, every provider base URL points at the local sandbox (`SANDBOX_URL`).
 */
import { z } from 'zod';

const DEFAULT_SANDBOX_PORT = 4010;

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

/** Durations are written like `24h`, `10m`, `30s`, `500ms` or as plain milliseconds. */
export function parseDurationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (use e.g. 500ms, 30s, 10m, 24h, 30d)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1;
  return Math.round(value * factor);
}

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDurationMs(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tenant-provisioning'),

  API_PORT: nonNegativeInt.default(3000),
  API_PUBLIC_URL: z.url().optional(),
  ADMIN_API_TOKEN: z.string().min(12).optional(),
  SANDBOX_PORT: nonNegativeInt.default(DEFAULT_SANDBOX_PORT),
  SANDBOX_URL: z.url().optional(),

  DATA_DIR: z.string().min(1).default('.data'),
  STORE_SQLITE_PATH: z.string().min(1).optional(),

  CONVEX_MANAGEMENT_URL: z.url().optional(),
  CONVEX_ACCESS_TOKEN: z.string().min(1).optional(),
  CONVEX_TEAM_ID: z.coerce.number().int().positive().optional(),
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
  DEPLOY_POLL_INTERVAL: duration.default(1_000),
  MAX_INSTANCES_PER_REQUESTER: positiveInt.default(50),
  ORPHAN_SCAN_INTERVAL: duration.default(24 * 3_600_000),
  ORPHAN_MIN_AGE: duration.default(3_600_000),

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
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  WORKER_METRICS_PORT: nonNegativeInt.optional(),
  /** A prebuilt workflow bundle (`npm run build:workflows`) that the worker loads instead of bundling at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
});

export interface ProviderEndpoint {
  baseUrl: string;
  /** Whether the endpoint is the local sandbox (then credentials are placeholders). */
  sandbox: boolean;
}

export interface AppConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
  api: { port: number; publicUrl: string; adminToken: string };
  sandbox: { port: number; url: string };
  store: { sqlitePath: string };
  dataDir: string;
  providers: {
    timeoutMs: number;
    convex: ProviderEndpoint & { accessToken: string; teamId: number };
    workos: ProviderEndpoint & { apiKey: string };
    cloudflare: ProviderEndpoint & { apiToken: string; accountId: string; siteUrlTemplate: string };
    sendgrid: ProviderEndpoint & { apiKey: string; from: string };
  };
  provisioning: {
    maxAttempts: number;
    retryInitialMs: number;
    retryBackoff: number;
    retryMaxMs: number;
    cleanupGraceMs: number;
    activityTimeoutMs: number;
    deploymentTimeoutMs: number;
    compensationMaxAttempts: number;
    deployPollIntervalMs: number;
    maxInstancesPerRequester: number;
    loginUrlBase: string;
    supportUrl: string;
  };
  orphans: { scanIntervalMs: number; minAgeMs: number };
  health: HealthConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  workerMetricsPort: number | undefined;
  /** WORKFLOW_BUNDLE_PATH as given (relative to the working directory); undefined: bundle workflows/ at start. */
  workflowBundlePath: string | undefined;
}

export interface HealthConfig {
  sweepIntervalMs: number;
  /** Instances per checkHealthBatch activity, and how many of those run at once. */
  batchSize: number;
  parallelBatches: number;
  /** Checks in flight at once inside one batch activity. */
  checkConcurrency: number;
  checkTimeoutMs: number;
  /** A check that answers slower than this is `slow` (the instance is `degraded`). */
  slowThresholdMs: number;
  /** How long an instance stays in each unhealthy status before it alerts. */
  alertThresholdMs: { down: number; degraded: number };
  alertEmails: string[];
  /** Signed webhook (HMAC-SHA256); `secret` is required with `url`. */
  webhook: { url: string; secret: string } | null;
}

/** Dev-only admin token used when ADMIN_API_TOKEN is unset and every provider is the sandbox. */
export const SANDBOX_ADMIN_TOKEN = 'local-dev-admin-token';

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
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
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

  const allSandbox = !e.CONVEX_ACCESS_TOKEN && !e.WORKOS_API_KEY && !e.CLOUDFLARE_API_TOKEN && !e.SENDGRID_API_KEY;
  if (!e.ADMIN_API_TOKEN && !allSandbox)
    problems.push('ADMIN_API_TOKEN: required when any real provider is configured');
  if (problems.length > 0) throw new ConfigError(problems);

  const apiPublicUrl = (e.API_PUBLIC_URL ?? `http://localhost:${e.API_PORT}`).replace(/\/$/, '');
  const config: AppConfig = {
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE },
    api: { port: e.API_PORT, publicUrl: apiPublicUrl, adminToken: e.ADMIN_API_TOKEN ?? SANDBOX_ADMIN_TOKEN },
    sandbox: { port: e.SANDBOX_PORT, url: sandboxUrl },
    store: { sqlitePath: e.STORE_SQLITE_PATH ?? `${e.DATA_DIR}/brain.sqlite` },
    dataDir: e.DATA_DIR,
    providers: {
      timeoutMs: e.PROVIDER_TIMEOUT,
      convex: {
        baseUrl: e.CONVEX_MANAGEMENT_URL ?? (e.CONVEX_ACCESS_TOKEN ? 'https://api.convex.dev/v1' : `${sandboxUrl}/v1`),
        sandbox: !e.CONVEX_ACCESS_TOKEN,
        accessToken: e.CONVEX_ACCESS_TOKEN ?? 'sandbox-convex-token',
        teamId: e.CONVEX_TEAM_ID ?? 1,
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
      loginUrlBase: e.LOGIN_URL_BASE.replace(/\/$/, ''),
      supportUrl: e.SUPPORT_URL,
    },
    orphans: { scanIntervalMs: e.ORPHAN_SCAN_INTERVAL, minAgeMs: e.ORPHAN_MIN_AGE },
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
    workerMetricsPort: e.WORKER_METRICS_PORT,
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
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
