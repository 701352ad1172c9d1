/**
 * The WorkOS API at the sandbox root (the SDK takes a host and port, no path prefix): organizations and the parts
 * of User Management that provisioning uses. Every route needs `Authorization: Bearer sk_...`.
 */
import { Hono } from 'hono';
import type { SandboxContext } from '../context';
import type { SandboxEnv } from '../operation';
import { requireApiKey } from './workos-common';
import { registerWorkosOrganizations } from './workos-organizations';
import { registerWorkosUserManagement } from './workos-user-management';

/** Path prefixes the WorkOS routes own (mounted at the root). */
export const WORKOS_PREFIXES = ['/organizations', '/user_management'] as const;

/** The WorkOS routes, to be mounted at the root. */
export function workosRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const prefix of WORKOS_PREFIXES) {
    app.use(prefix, requireApiKey);
    app.use(`${prefix}/*`, requireApiKey);
  }
  registerWorkosOrganizations(app, ctx);
  registerWorkosUserManagement(app, ctx);
  return app;
}
