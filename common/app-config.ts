/**
 * The shape of the frozen configuration `loadConfig` (./config.ts) returns: what every process reads, grouped by
 * concern. Types only.
 */
import type { ApiCredential } from './api-credentials';
import type { HealthConfig } from './health-config';
import type { QuotaLimits } from './quota-policy';
import type { TracingConfig } from './tracing-config';

export interface ProviderEndpoint {
  baseUrl: string;
  /** Whether the endpoint is the local sandbox (then credentials are placeholders). */
  sandbox: boolean;
}

export interface AppConfig {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** Undefined: plain gRPC (the local dev server). */
    tls?:
      { serverCaCertPath?: string; serverName?: string; clientCertPath?: string; clientKeyPath?: string } | undefined;
    /** Temporal Cloud API key (a secret: never logged). */
    apiKey?: string | undefined;
  };
  api: {
    port: number;
    host: string;
    publicUrl: string;
    /** Who may call the API (hashed tokens); empty: every guarded route answers 401. */
    credentials: readonly ApiCredential[];
    rateLimit: { perMinute: number; actionsPerMinute: number; store: 'memory' | 'sqlite' };
    blocking: { after: number; windowMs: number; durationMs: number };
    statusPage: { retentionMs: number; pushIntervalMs: number };
    instanceHealthCacheMs: number;
    /** `GET /metrics` needs no bearer token (METRICS_PUBLIC). */
    metricsPublic: boolean;
  };
  sandbox: { port: number; url: string };
  store: { sqlitePath: string; create: boolean };
  dataDir: string;
  providers: {
    timeoutMs: number;
    convex: ProviderEndpoint & {
      accessToken: string;
      teamId: number;
      /** `CONVEX_PROVISION_HOST` for the `convex` CLI: the sandbox, the origin of CONVEX_MANAGEMENT_URL, or unset. */
      provisionHost: string | undefined;
      deployConcurrency: number;
    };
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
    /** Concurrent and per-day jobs per requester and per owner email, by plan (enforced atomically by the store). */
    quotas: QuotaLimits;
    loginUrlBase: string;
    supportUrl: string;
    gettingStartedUrl: string;
    /** Retry policy of the ready and welcome emails (after the commit point). */
    notificationMaxAttempts: number;
    notificationRetryInitialMs: number;
    notificationRetryMaxMs: number;
    /** Where operator alerts are emailed; none when undefined (they are still stored, logged and counted). */
    opsAlertEmail: string | undefined;
  };
  orphans: { scanIntervalMs: number; minAgeMs: number; cleanupMaxDeletions: number };
  health: HealthConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  cli: { logLevel: 'debug' | 'info' | 'warn' | 'error'; correlationId: string | undefined };
  workerMetricsPort: number | undefined;
  /** WORKFLOW_BUNDLE_PATH as given (relative to the working directory); undefined: bundle workflows/ at start. */
  workflowBundlePath: string | undefined;
  /** Where spans are sent; undefined (the default): tracing is off and nothing of it is installed. */
  tracing: TracingConfig | undefined;
}
