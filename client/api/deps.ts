/**
 * What the API is built from (injected, so tests run the app in-process): the Temporal client, the Brain store,
 * configuration, a logger and the provider clients used by on-demand health checks and orphan cleanup.
 */
import type { Client } from '@temporalio/client';
import type { ActivityDeps, ProviderClients } from '../../activities/deps';
import type { BrainStore } from '../../store/port';
import type { AppConfig } from '../../common/config';
import { createTemporalJobLookup } from '../../worker/job-lookup';
import type { Logger } from '../../common/logging';

export interface ApiDeps {
  client: Client;
  store: BrainStore;
  config: AppConfig;
  logger: Logger;
  /** Real provider clients (worker/providers.ts) or the same clients against the sandbox. */
  providers: ProviderClients;
  /** Clock (tests pin it); default `() => new Date()`. */
  now?: () => Date;
}

/** What the activity helpers may ask Temporal (through the API's client, on its task queue). */
function jobLookupOf(deps: ApiDeps) {
  return createTemporalJobLookup(deps.client, deps.config.temporal.taskQueue);
}

/** The activity-style deps the validation and orphan helpers of activities/ are built from. */
export function activityDepsOf(deps: ApiDeps, logger: Logger): ActivityDeps {
  return {
    store: deps.store,
    providers: deps.providers,
    config: deps.config,
    logger,
    jobs: jobLookupOf(deps),
    ...(deps.now ? { now: deps.now } : {}),
  };
}
