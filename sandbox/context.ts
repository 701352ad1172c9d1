/**
 * Everything a route of the sandbox needs: the inventory, the fault rules, the latency profile, the clock and the
 * logger, plus the public base URL (deployment URLs are built from it when rendered).
 */
import type { Logger } from '../common/logging';
import type { Sleeper } from './clock';
import type { FaultRegistry } from './faults';
import type { Latency } from './latency';
import type { StateStore } from './state';

export interface SandboxContext {
  state: StateStore;
  faults: FaultRegistry;
  latency: Latency;
  sleeper: Sleeper;
  logger: Logger;
  /** Team access tokens the Convex Management API accepts; any other gets 401. */
  convexAccessTokens: ReadonlySet<string>;
  /** Sender addresses SendGrid accepts (lowercase): others get its 403 "verified Sender Identity" answer. */
  verifiedSenders: ReadonlySet<string>;
  /** `http://host:port` of the sandbox, no trailing slash. */
  baseUrl(): string;
}
