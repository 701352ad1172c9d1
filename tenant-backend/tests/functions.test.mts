/**
 * The tenant backend's functions on `convex-test` (Convex's own mock backend), run by Node's test runner with tsx:
 * `node --import tsx --test tenant-backend/tests/functions.test.mts` (tests/tenant-backend/functions.test.ts runs
 * it under jest). convex-test finds modules with Vite's `import.meta.glob`, which Node lacks, so the module map is
 * passed explicitly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convexTest } from 'convex-test';
import { api } from '../convex/_generated/api';
import schema from '../convex/schema';

const modules = {
  './convex/_generated/api.ts': () => import('../convex/_generated/api'),
  './convex/_generated/server.ts': () => import('../convex/_generated/server'),
  './convex/health.ts': () => import('../convex/health'),
  './convex/tenant.ts': () => import('../convex/tenant'),
  './convex/schema.ts': () => import('../convex/schema'),
};

test('health:ping answers before and after the tenant is configured', async () => {
  const t = convexTest({ schema, modules });
  assert.deepEqual(await t.query(api.health.ping, {}), { ok: true, configured: false, tenantId: null });
  await t.mutation(api.tenant.configure, { tenantId: 'acme', plan: 'pro', workosOrganizationId: 'org_1' });
  assert.deepEqual(await t.query(api.health.ping, {}), { ok: true, configured: true, tenantId: 'acme' });
});

test('tenant:configure is idempotent and updates the plan', async () => {
  const t = convexTest({ schema, modules });
  const settings = { tenantId: 'acme', plan: 'free' as const, workosOrganizationId: 'org_1' };
  assert.deepEqual(await t.mutation(api.tenant.configure, settings), { created: true });
  assert.deepEqual(await t.mutation(api.tenant.configure, settings), { created: false });
  await t.mutation(api.tenant.configure, { ...settings, plan: 'enterprise' });
  assert.deepEqual(await t.query(api.tenant.get, {}), { ...settings, plan: 'enterprise' });
  const rows = await t.run((ctx) => ctx.db.query('settings').collect());
  assert.equal(rows.length, 1);
});

test("tenant:configure never takes another tenant's settings", async () => {
  const t = convexTest({ schema, modules });
  await t.mutation(api.tenant.configure, { tenantId: 'acme', plan: 'pro', workosOrganizationId: 'org_1' });
  await assert.rejects(
    t.mutation(api.tenant.configure, { tenantId: 'other', plan: 'pro', workosOrganizationId: 'org_2' }),
    /belongs to tenant acme/,
  );
});

test('tenant:configure validates its arguments', async () => {
  const t = convexTest({ schema, modules });
  await assert.rejects(
    t.mutation(api.tenant.configure, { tenantId: 'acme', plan: 'gold', workosOrganizationId: 'org_1' } as never),
    /Validator error/,
  );
});
