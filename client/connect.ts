/**
 * The Temporal client of the CLI and the API process: one connection per process, from configuration. The caller
 * owns the result and must `close()` it (CONVENTIONS 11).
 */
import { hostname } from 'node:os';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import { OWN_CLIENT_IDENTITY_PREFIX } from '../activities/identity-source';
import type { AppConfig } from '../common/config';
import { temporalConnectionOptions } from '../common/temporal-connection';
import { correlationClientInterceptor } from './correlation-interceptor';
import { tracingClientInterceptors } from '../tracing/temporal-client';

export interface TemporalClientHandle {
  client: Client;
  close(): Promise<void>;
}

/**
 * The interceptors of every client that plays the API or the CLI: the correlation ID on starts and signals, and, with
 * tracing installed in the process (tracing/), spans around starts, signals and cancels that carry the caller's trace.
 */
export function ownClientInterceptors(): ClientInterceptors {
  const tracing = tracingClientInterceptors()?.workflow;
  return { workflow: [correlationClientInterceptor(), ...(Array.isArray(tracing) ? tracing : [])] };
}

/**
 * Connects to `config.temporal.address` in `config.temporal.namespace`, with TLS, mTLS or an API key when configured;
 * rejects when the server is unreachable.
 */
export async function connectTemporalClient(config: Pick<AppConfig, 'temporal'>): Promise<TemporalClientHandle> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  // A recognisable identity: signals and cancels it sends are audited by the API or CLI, not again by the worker.
  const identity = `${OWN_CLIENT_IDENTITY_PREFIX}${process.pid}@${hostname()}`;
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    identity,
    interceptors: ownClientInterceptors(),
  });
  return { client, close: () => connection.close() };
}
