/**
 * How every process (worker, API, CLI, scripts) reaches Temporal: plain gRPC locally; TLS with an optional custom CA
 * and server name (self-hosted); mTLS with a client certificate and key; or an API key (Temporal Cloud). The variables
 * are Temporal's own environment-configuration names, so the `temporal` CLI behind scripts/ reads the same ones.
 * Certificate files are read here, at connect time, never logged; the API key is never logged either.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { AppConfig } from './config';

export interface TemporalConnectionOptions {
  address: string;
  /** Absent: plain gRPC. */
  tls?: TLSConfig;
  apiKey?: string;
}

/** Builds `Connection.connect` / `NativeConnection.connect` options; `readFile` is injected for tests. */
export function temporalConnectionOptions(
  temporal: AppConfig['temporal'],
  readFile: (path: string) => Buffer = (path) => readFileSync(path),
): TemporalConnectionOptions {
  const { tls } = temporal;
  return {
    address: temporal.address,
    ...(tls
      ? {
          tls: {
            ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
            ...(tls.serverCaCertPath ? { serverRootCACertificate: readFile(tls.serverCaCertPath) } : {}),
            ...(tls.clientCertPath && tls.clientKeyPath
              ? { clientCertPair: { crt: readFile(tls.clientCertPath), key: readFile(tls.clientKeyPath) } }
              : {}),
          },
        }
      : {}),
    ...(temporal.apiKey ? { apiKey: temporal.apiKey } : {}),
  };
}

/** What a log line may say about the connection (no key, no certificate contents). */
export function describeTemporalSecurity(temporal: AppConfig['temporal']): string {
  if (!temporal.tls) return 'plaintext';
  const parts = ['tls'];
  if (temporal.tls.clientCertPath) parts.push('mtls');
  if (temporal.apiKey) parts.push('api-key');
  if (temporal.tls.serverCaCertPath) parts.push('custom-ca');
  return parts.join('+');
}
