/**
 * Builds the real provider clients from configuration (the only place that does). Every client sends its requests
 * through an instrumented fetch (one log line per call, `X-Request-Id`, the provider timeout); SDK retries are off
 * because Temporal's retry policy owns retrying.
 */
import Cloudflare from 'cloudflare';
import { WorkOS } from '@workos-inc/node';
import { createConvexCli } from '../activities/convex-cli';
import { createConvexDeploymentClientFactory } from '../activities/convex-deployment-client';
import { createConvexManagementClient } from '../activities/convex-management-client';
import type { ProviderClients } from '../activities/deps';
import { createInstrumentedFetch, type FetchFn } from '../activities/http';
import { createSendGridMailer } from '../activities/sendgrid-client';
import type { AppConfig } from '../common/config';
import type { Logger } from '../common/logging';

/** WorkOS takes a host, a port and a scheme rather than a URL (and no path prefix). */
export function workosHostOptions(baseUrl: string): { apiHostname: string; port?: number; https: boolean } {
  const url = new URL(baseUrl);
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error(`WORKOS_API_URL must not have a path (got ${url.pathname}): the WorkOS SDK only takes a host`);
  }
  return {
    apiHostname: url.hostname,
    https: url.protocol === 'https:',
    ...(url.port ? { port: Number(url.port) } : {}),
  };
}

/**
 * Builds every provider client for `config`. Pass `fetchImpl` to route the clients through another fetch (tests);
 * by default they use Node's global fetch.
 */
export function createProviderClients(config: AppConfig, logger: Logger, fetchImpl?: FetchFn): ProviderClients {
  const timeoutMs = config.providers.timeoutMs;
  const fetchFor = (provider: string) =>
    createInstrumentedFetch({ provider, logger: logger.child({ provider }), timeoutMs, fetchImpl });
  const { convex, workos, cloudflare, sendgrid } = config.providers;
  return {
    convex: createConvexManagementClient({
      baseUrl: convex.baseUrl,
      accessToken: convex.accessToken,
      teamId: convex.teamId,
      fetch: fetchFor('convex'),
    }),
    convexDeployment: createConvexDeploymentClientFactory(fetchFor('convex_deployment')),
    convexCli: createConvexCli({
      provisionHost: convex.provisionHost,
      concurrency: convex.deployConcurrency,
      // A push runs inside deployConvexBackend, on the long-running profile: it may take as long as that attempt
      // (PROVISION_DEPLOYMENT_TIMEOUT), not the short steps' PROVISION_ACTIVITY_TIMEOUT. The attempt's own deadline
      // still aborts it sooner (activities/convex.ts).
      timeoutMs: config.provisioning.deploymentTimeoutMs,
    }),
    workos: new WorkOS(workos.apiKey, {
      ...workosHostOptions(workos.baseUrl),
      fetchFn: fetchFor('workos'),
      timeout: timeoutMs,
    }),
    cloudflare: new Cloudflare({
      apiToken: cloudflare.apiToken,
      baseURL: cloudflare.baseUrl,
      maxRetries: 0,
      timeout: timeoutMs,
      fetch: fetchFor('cloudflare'),
    }),
    mail: createSendGridMailer({
      baseUrl: sendgrid.baseUrl,
      apiKey: sendgrid.apiKey,
      timeoutMs,
      logger: logger.child({ provider: 'sendgrid' }),
    }),
    fetch: fetchFor('site'),
  };
}
