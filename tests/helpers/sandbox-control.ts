/**
 * A typed client of the sandbox control API (`/_sandbox/*`) for tests: inventory, faults, site states, latency.
 * Responses are validated with zod so a test fails with a clear message when the control API changes shape.
 */
import { z } from 'zod';
import type { FaultInput } from '../../sandbox/faults';
import type { inventory } from '../../sandbox/inventory';

/** What `GET /_sandbox/inventory` returns (the sandbox's own type, after a JSON round trip). */
export type SandboxInventory = ReturnType<typeof inventory>;

const Records = z.array(z.looseObject({}));
/** Checks the inventory's outline; the records themselves are typed by the sandbox's {@link SandboxInventory}. */
const InventoryOutline = z.object({
  convex: z.object({ projects: Records, deployments: Records, deployKeys: Records }),
  workos: z.object({ organizations: Records, memberships: Records, invitations: Records }),
  cloudflare: z.object({ projects: Records, deployments: Records }),
  sendgrid: z.object({ emails: Records }),
});

const FaultSchema = z.looseObject({ id: z.string() });
const FaultListSchema = z.object({
  faults: z.array(z.looseObject({ id: z.string(), remaining: z.number().nullable() })),
});

/** What `faults.add` accepts: the sandbox's fault input, probability optional (default 1). */
export type FaultSpec = Omit<FaultInput, 'probability'> & { probability?: number };
export type SiteState = 'up' | 'down' | 'slow' | 'build_failing';
export interface LatencySettings {
  profile: 'zero' | 'realistic';
  factor?: number;
}

export interface SandboxControl {
  inventory(): Promise<SandboxInventory>;
  faults: {
    add(fault: FaultSpec): Promise<{ id: string }>;
    /** How many more times a rule fires (`null`: unlimited); `undefined` once the rule is gone. */
    remaining(id: string): Promise<number | null | undefined>;
    clear(): Promise<void>;
  };
  /** Break or heal a tenant's frontend (Pages project name) or Convex deployment (deployment name). */
  setSiteState(name: string, state: SiteState): Promise<void>;
  /** Switch the latency profile (`factor` scales the realistic delays). */
  setLatency(settings: LatencySettings): Promise<void>;
  /** Wipes every resource, fault and site state. */
  reset(): Promise<void>;
}

/** A control client for the sandbox at `baseUrl` (no trailing slash). Stateless; nothing to close. */
export function createSandboxControl(baseUrl: string): SandboxControl {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${baseUrl}/_sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} /_sandbox${path} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
  return {
    inventory: async () => InventoryOutline.parse(await call('GET', '/inventory')) as SandboxInventory,
    faults: {
      add: async (fault) => FaultSchema.parse(await call('POST', '/faults', fault)),
      remaining: async (id) => {
        const { faults } = FaultListSchema.parse(await call('GET', '/faults'));
        const rule = faults.find((f) => f.id === id);
        return rule === undefined ? undefined : rule.remaining;
      },
      clear: async () => {
        await call('DELETE', '/faults');
      },
    },
    setSiteState: async (name, state) => {
      await call('POST', `/sites/${encodeURIComponent(name)}/state`, { state });
    },
    setLatency: async (settings) => {
      await call('POST', '/latency', settings);
    },
    reset: async () => {
      await call('POST', '/reset');
    },
  };
}
