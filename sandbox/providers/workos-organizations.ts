/**
 * WorkOS Organizations: create (honouring `Idempotency-Key`), list with cursor pagination and `domains` filter,
 * get by ID or external ID, update, delete (202, empty; cascades memberships and invitations). `external_id` is
 * unique: a duplicate is a 409.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { param, readJsonBody } from '../http';
import { workosId } from '../ids';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import type { WorkosDomainRecord, WorkosOrganizationRecord } from '../records';
import {
  entityNotFound,
  idempotent,
  listResponse,
  validationError,
  workosError,
  workosFaultResponse,
  workosJson,
} from './workos-common';
import { organizationView } from './workos-views';

const DomainData = z.array(
  z.object({
    domain: z
      .string()
      .min(3)
      .regex(/^[^\s@/]+\.[^\s@/]+$/),
    state: z.enum(['pending', 'verified']),
  }),
);
const Metadata = z
  .record(z.string().max(40), z.string().max(600).nullable())
  .refine((m) => Object.keys(m).length <= 10, 'at most 10 metadata keys');

const CreateOrganizationBody = z.object({
  name: z.string().trim().min(1),
  domain_data: DomainData.optional(),
  external_id: z.string().min(1).max(128).nullable().optional(),
  metadata: Metadata.optional(),
  allow_profiles_outside_organization: z.boolean().optional(),
});
const UpdateOrganizationBody = z.object({
  name: z.string().trim().min(1).optional(),
  domain_data: DomainData.optional(),
  external_id: z.string().min(1).max(128).nullable().optional(),
  metadata: Metadata.optional(),
  stripe_customer_id: z.string().min(1).optional(),
  allow_profiles_outside_organization: z.boolean().optional(),
});

/** Registers the `/organizations` routes. */
export function registerWorkosOrganizations(app: Hono<SandboxEnv>, ctx: SandboxContext): void {
  const orgs = () => ctx.state.data.workos.organizations;
  const op = (name: string, handler: SandboxHandler) => operation(ctx, 'workos', name, workosFaultResponse, handler);
  const nowIso = () => new Date(ctx.sleeper.now()).toISOString();
  const externalIdTaken = (externalId: string | null | undefined, exceptId?: string) =>
    !!externalId && orgs().some((o) => o.external_id === externalId && o.id !== exceptId);
  const conflict = (externalId: string) =>
    workosError(409, `An organization with external ID '${externalId}' already exists.`, 'external_id_conflict');
  const domains = (data: z.infer<typeof DomainData>, at: string): WorkosDomainRecord[] =>
    data.map((d) => ({ id: workosId('org_domain'), domain: d.domain, state: d.state, created_at: at, updated_at: at }));
  const cleanMetadata = (m: Record<string, string | null>) =>
    Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''));

  app.post(
    '/organizations',
    op('createOrganization', (c) =>
      idempotent(ctx, c, async () => {
        const body = await readJsonBody(c, CreateOrganizationBody);
        if (!body.ok) return validationError(body.message, body.field);
        const { name, external_id, metadata, domain_data } = body.value;
        if (external_id && externalIdTaken(external_id)) return conflict(external_id);
        const at = nowIso();
        const org: WorkosOrganizationRecord = {
          id: workosId('org'),
          name,
          external_id: external_id ?? null,
          metadata: cleanMetadata(metadata ?? {}),
          domains: domains(domain_data ?? [], at),
          created_at: at,
          updated_at: at,
        };
        orgs().push(org);
        return { status: 201, body: organizationView(org) };
      }),
    ),
  );

  app.get(
    '/organizations',
    op('listOrganizations', (c) => {
      const wanted = (c.req.query('domains') ?? '').split(',').filter(Boolean);
      const matching = orgs().filter((o) => wanted.length === 0 || o.domains.some((d) => wanted.includes(d.domain)));
      return listResponse(c, matching, organizationView);
    }),
  );

  app.get(
    '/organizations/external_id/:externalId',
    op('getOrganizationByExternalId', (c) => {
      const externalId = param(c, 'externalId');
      const org = orgs().find((o) => o.external_id === externalId);
      return org ? workosJson(200, organizationView(org)) : entityNotFound('Organization', externalId);
    }),
  );

  app.get(
    '/organizations/:id',
    op('getOrganization', (c) => {
      const org = orgs().find((o) => o.id === param(c, 'id'));
      return org ? workosJson(200, organizationView(org)) : entityNotFound('Organization', param(c, 'id'));
    }),
  );

  app.put(
    '/organizations/:id',
    op('updateOrganization', async (c) => {
      const org = orgs().find((o) => o.id === param(c, 'id'));
      if (!org) return entityNotFound('Organization', param(c, 'id'));
      const body = await readJsonBody(c, UpdateOrganizationBody);
      if (!body.ok) return validationError(body.message, body.field);
      const update = body.value;
      if (update.external_id && externalIdTaken(update.external_id, org.id)) return conflict(update.external_id);
      const at = nowIso();
      if (update.name !== undefined) org.name = update.name;
      if (update.external_id !== undefined) org.external_id = update.external_id;
      if (update.domain_data !== undefined) org.domains = domains(update.domain_data, at);
      if (update.metadata !== undefined) org.metadata = cleanMetadata({ ...org.metadata, ...update.metadata });
      if (update.stripe_customer_id !== undefined) org.stripe_customer_id = update.stripe_customer_id;
      org.updated_at = at;
      ctx.state.commit();
      return workosJson(200, organizationView(org));
    }),
  );

  app.delete(
    '/organizations/:id',
    op('deleteOrganization', (c) => {
      const id = param(c, 'id');
      if (!orgs().some((o) => o.id === id)) return entityNotFound('Organization', id);
      const workos = ctx.state.data.workos;
      workos.organizations = workos.organizations.filter((o) => o.id !== id);
      workos.memberships = workos.memberships.filter((m) => m.organization_id !== id);
      workos.invitations = workos.invitations.filter((i) => i.organization_id !== id);
      ctx.state.commit();
      return new Response(null, { status: 202 });
    }),
  );
}
