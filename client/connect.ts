/**
 * The Temporal client of the CLI and the API process: one connection per process, from configuration. The caller
 * owns the result and must `close()` it (CONVENTIONS 11).
 */
import { Client, Connection } from '@temporalio/client';
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
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return { client, close: () => connection.close() };
}
