import { defineSchema, defineTable } from 'convex/server';
import { v } from 'convex/values';

/** The tenant's settings, written by `tenant:configure` when the tenant is provisioned (one document). */
export default defineSchema({
  settings: defineTable({
    tenantId: v.string(),
    plan: v.union(v.literal('free'), v.literal('pro'), v.literal('enterprise')),
    workosOrganizationId: v.string(),
    configuredAt: v.number(),
  }).index('by_tenant', ['tenantId']),
});
