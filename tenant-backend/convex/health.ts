import { query } from './_generated/server';

/**
 * Liveness of the tenant backend, called by validation and the health checks: answers whether the tenant's settings
 * are configured, and for which tenant.
 */
export const ping = query({
  args: {},
  handler: async (ctx) => {
    const settings = await ctx.db.query('settings').first();
    return { ok: true, configured: settings !== null, tenantId: settings?.tenantId ?? null };
  },
});
