/**
 * What the verbs run against: configuration, output streams, a clock, and lazily opened resources (a verb that
 * fails validation never connects to anything, and the SDKs are loaded only by the verbs that use them).
 * `close()` releases whatever was opened.
 */
import type { Client } from '@temporalio/client';
import type { BrainStore } from '../../store/port';
import type { AppConfig } from '../../common/config';
import type { TemporalClientHandle } from '../connect';
import type { TenantProvisioningClient } from '../lib/provisioning-client';
import { randomUUID } from 'node:crypto';
import { createJsonLogger, type Logger } from '../../common/logging';
import type { CliIo } from './io';

export interface CliContext {
  io: CliIo;
  /** What this command starts or signals carries (CORRELATION_ID, e.g. Brain's, or `cli-<uuid>`). */
  correlationId: string;
  /** JSON lines on stderr from CLI_LOG_LEVEL (default warn), every one with the command's correlation ID. */
  logger: Logger;
  config: AppConfig;
  now(): number;
  /** Aborted when the user presses Ctrl-C: following stops, the job keeps running. */
  signal: AbortSignal;
  /** Poll interval of `provision` while following a job. */
  pollIntervalMs: number;
  temporal(): Promise<Client>;
  provisioning(): Promise<TenantProvisioningClient>;
  /** The store at STORE_SQLITE_PATH; a missing file is refused (StoreMissing) unless STORE_CREATE is set. */
  store(): Promise<BrainStore>;
  close(): Promise<void>;
}

/** A context over real resources: the Temporal server of `config` and the SQLite store at its path. */
export function createCliContext(config: AppConfig, io: CliIo, signal: AbortSignal): CliContext {
  const correlationId = config.cli.correlationId ?? `cli-${randomUUID()}`;
  const logger = createJsonLogger({
    level: config.cli.logLevel,
    base: { service: 'cli', correlationId },
    write: (line) => io.stderr.write(`${line}\n`),
  });
  let temporal: Promise<TemporalClientHandle> | undefined;
  let store: Promise<BrainStore> | undefined;

  const connect = (): Promise<TemporalClientHandle> =>
    (temporal ??= import('../connect').then(({ connectTemporalClient }) => connectTemporalClient(config)));
  const openStore = (): Promise<BrainStore> =>
    (store ??= import('../../store/sqlite').then(({ openSqliteStore }) =>
      openSqliteStore(config.store.sqlitePath, { create: config.store.create }),
    ));

  return {
    io,
    correlationId,
    logger,
    config,
    signal,
    now: () => Date.now(),
    pollIntervalMs: 500,
    temporal: async () => (await connect()).client,
    async provisioning() {
      const { createTenantProvisioningClient } = await import('../lib/provisioning-client');
      return createTenantProvisioningClient({ client: (await connect()).client, taskQueue: config.temporal.taskQueue });
    },
    store: openStore,
    async close() {
      const opened = await Promise.allSettled([store, temporal]);
      const [openedStore, openedTemporal] = opened;
      if (openedStore?.status === 'fulfilled' && openedStore.value) await openedStore.value.close();
      if (openedTemporal?.status === 'fulfilled' && openedTemporal.value) await openedTemporal.value.close();
    },
  };
}
