/**
 * Where a Temporal request came from, by the caller identity the server records in history events. The `temporal`
 * CLI (v1.5) signals as `temporal-cli:<user>@<host>` but cancels through its Go SDK client, whose default identity is
 * `<pid>@<host>@`; this project's API and CLI send `tenant-orchestrator-<process>@<host>` (client/connect.ts); anything
 * else is taken as the Temporal UI. The identity itself is kept as the entry's actor either way.
 */
import type { AuditSource } from '../store/port';

export const OWN_CLIENT_IDENTITY_PREFIX = 'tenant-orchestrator-';

/** The Go SDK's default client identity, `<pid>@<hostname>@<task queue, empty for a client>`. */
const GO_SDK_DEFAULT_IDENTITY = /^\d+@[^@]+@$/;

/** The audit source of an identity; undefined for this project's own clients (they audit what they send). */
export function sourceOfIdentity(identity: string): AuditSource | undefined {
  if (identity.startsWith(OWN_CLIENT_IDENTITY_PREFIX)) return undefined;
  if (identity.startsWith('temporal-cli:') || GO_SDK_DEFAULT_IDENTITY.test(identity)) return 'temporal-cli';
  return 'temporal-ui';
}
