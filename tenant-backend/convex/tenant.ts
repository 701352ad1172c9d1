import { v } from 'convex/values';
import { mutation, query } from './_generated/server';

const plan = v.union(v.literal('free'), v.literal('pro'), v.literal('enterprise'));

/**
 * Writes the tenant's settings (called by the provisioning job after each push). Idempotent: a second call with the
 * same settings changes nothing; a tenant's backend never takes another tenant's settings.
 */
export const configure = mutation({
  args: { tenantId: v.string(), plan, workosOrganizationId: v.string() },
  handler: async (ctx, args) => {
    const existing = await ctx.db.query('settings').first();
    if (existing && existing.tenantId !== args.tenantId) {
      throw new Error(`this backend belongs to tenant ${existing.tenantId}, not ${args.tenantId}`);
    }
    const settings = { ...args, configuredAt: Date.now() };
    if (!existing) {
      await ctx.db.insert('settings', settings);
      return { created: true };
    }
    if (existing.plan !== args.plan || existing.workosOrganizationId !== args.workosOrganizationId) {
      await ctx.db.patch(existing._id, settings);
    }
    return { created: false };
  },
});

/** The tenant's settings, or null before `configure`. */
export const get = query({
  args: {},
  handler: async (ctx) => {
    const settings = await ctx.db.query('settings').first();
    if (!settings) return null;
    return { tenantId: settings.tenantId, plan: settings.plan, workosOrganizationId: settings.workosOrganizationId };
  },
});
