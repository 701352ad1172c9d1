/**
 * The Temporal client of the CLI and the API process: one connection per process, from configuration. The caller
 * owns the result and must `close()` it (CONVENTIONS 11).
 */
import { hostname } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { OWN_CLIENT_IDENTITY_PREFIX } from '../activities/identity-source';
import { tracingClientInterceptors } from '../tracing/temporal-client';
import type { AppConfig } from '../worker/config';
import { temporalConnectionOptions } from '../worker/temporal-connection';

export interface TemporalClientHandle {
  client: Client;
  close(): Promise<void>;
}

/**
 * Connects to `config.temporal.address` in `config.temporal.namespace`, with TLS, mTLS or an API key when configured;
 * rejects when the server is unreachable.
 */
export async function connectTemporalClient(config: Pick<AppConfig, 'temporal'>): Promise<TemporalClientHandle> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  // A recognisable identity: signals and cancels it sends are audited by the API or CLI, not again by the worker.
  const identity = `${OWN_CLIENT_IDENTITY_PREFIX}${process.pid}@${hostname()}`;
  // With tracing installed in the process (tracing/), starts, signals and cancels carry the caller's trace.
  const interceptors = tracingClientInterceptors();
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    identity,
    ...(interceptors && { interceptors }),
  });
  return { client, close: () => connection.close() };
}
