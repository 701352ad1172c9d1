/**
 * What activities are built from (CONVENTIONS 4): the store port, the provider clients, configuration and a logger.
 * Only `worker/providers.ts` builds real clients; tests build the same clients against the sandbox.
 */
import type Cloudflare from 'cloudflare';
import type { WorkOS } from '@workos-inc/node';
import type { BrainStore } from '../store/port';
import type { AppConfig } from '../common/config';
import type { Logger } from '../common/logging';
import type { ConvexCli } from './convex-cli';
import type { ConvexManagementClient } from './convex-management-client';
import type { ConvexDeploymentClientFactory } from './convex-deployment-client';
import type { FetchFn } from './http';
import type { Mailer } from './sendgrid-client';

export interface ProviderClients {
  /** Convex Management API (baseUrl = config.providers.convex.baseUrl). */
  convex: ConvexManagementClient;
  /** A client of one Convex deployment; pass the deploy key for admin calls. */
  convexDeployment: ConvexDeploymentClientFactory;
  /** The `convex` CLI, which pushes the tenant backend (`convex deploy`). */
  convexCli: ConvexCli;
  workos: WorkOS;
  cloudflare: Cloudflare;
  mail: Mailer;
  /** Instrumented fetch for checks of public URLs (tenant sites). */
  fetch: FetchFn;
}

export type ActivityConfig = Pick<AppConfig, 'provisioning' | 'providers' | 'orphans' | 'health'>;

/**
 * What activities may ask Temporal about provisioning jobs (the worker's own client): the orphan scan and cleanup
 * check the store against it before anything is reported or deleted.
 */
export interface JobLookup {
  /** Execution status of the latest run of `jobId` (`RUNNING`, `COMPLETED`, ...), undefined when Temporal has none. */
  jobStatus(jobId: string): Promise<string | undefined>;
  /** Completed provisioning jobs on this worker's task queue. */
  countCompletedJobs(): Promise<number>;
}

export interface ActivityDeps {
  store: BrainStore;
  providers: ProviderClients;
  jobs: JobLookup;
  config: ActivityConfig;
  logger: Logger;
  /** Clock (tests pin it); defaults to `() => new Date()`. */
  now?: () => Date;
}
