/**
 * What activities are built from (CONVENTIONS 4): the store port, the provider clients, configuration and a logger.
 * Only `worker/providers.ts` builds real clients; tests build the same clients against the sandbox.
 */
import type Cloudflare from 'cloudflare';
import type { WorkOS } from '@workos-inc/node';
import type { BrainStore } from '../store/port';
import type { AppConfig } from '../worker/config';
import type { Logger } from '../worker/logger';
import type { ConvexManagementClient } from './convex-management-client';
import type { ConvexDeploymentClientFactory } from './convex-deployment-client';
import type { FetchFn } from './http';
import type { Mailer } from './sendgrid-client';

export interface ProviderClients {
  /** Convex Management API (baseUrl = config.providers.convex.baseUrl). */
  convex: ConvexManagementClient;
  /** A client of one Convex deployment; pass the deploy key for admin calls. */
  convexDeployment: ConvexDeploymentClientFactory;
  workos: WorkOS;
  cloudflare: Cloudflare;
  mail: Mailer;
  /** Instrumented fetch for checks of public URLs (tenant sites). */
  fetch: FetchFn;
}

export type ActivityConfig = Pick<AppConfig, 'provisioning' | 'providers' | 'orphans' | 'health'>;

export interface ActivityDeps {
  store: BrainStore;
  providers: ProviderClients;
  config: ActivityConfig;
  logger: Logger;
  /** Clock (tests pin it); defaults to `() => new Date()`. */
  now?: () => Date;
}
