/**
 * WorkOS User Management, as far as provisioning needs it: users (create, list by email, get), organization
 * memberships (create, list, get, delete) and invitations (send, list, get). A membership needs an existing user
 * and organization, like the real API.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { param, readJsonBody } from '../http';
import { opaqueToken, workosId } from '../ids';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import type { WorkosInvitationRecord, WorkosMembershipRecord, WorkosUserRecord } from '../records';
import {
  entityNotFound,
  idempotent,
  listResponse,
  validationError,
  workosError,
  workosFaultResponse,
  workosJson,
} from './workos-common';
import { invitationView, membershipView, userView } from './workos-views';

const DAY_MS = 86_400_000;

const CreateUserBody = z.object({
  email: z.email(),
  password: z.string().min(8).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  email_verified: z.boolean().optional(),
  external_id: z.string().min(1).max(128).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
const CreateMembershipBody = z.object({
  organization_id: z.string().min(1),
  user_id: z.string().min(1),
  role_slug: z.string().min(1).optional(),
  role_slugs: z.array(z.string().min(1)).min(1).optional(),
});
const SendInvitationBody = z.object({
  email: z.email(),
  organization_id: z.string().min(1).optional(),
  expires_in_days: z.number().int().min(1).max(30).optional(),
  inviter_user_id: z.string().min(1).optional(),
  role_slug: z.string().min(1).optional(),
  locale: z.string().optional(),
});

/** Registers the `/user_management` routes. */
export function registerWorkosUserManagement(app: Hono<SandboxEnv>, ctx: SandboxContext): void {
  const workos = () => ctx.state.data.workos;
  const op = (name: string, handler: SandboxHandler) => operation(ctx, 'workos', name, workosFaultResponse, handler);
  const nowIso = () => new Date(ctx.sleeper.now()).toISOString();
  const orgExists = (id: string) => workos().organizations.some((o) => o.id === id);

  app.post(
    '/user_management/users',
    op('createUser', (c) =>
      idempotent(ctx, c, async () => {
        const body = await readJsonBody(c, CreateUserBody);
        if (!body.ok) return validationError(body.message, body.field);
        const email = body.value.email.toLowerCase();
        if (workos().users.some((u) => u.email === email)) {
          return workosError(422, 'Email not available.', 'user_creation_error', {
            errors: [{ field: 'email', code: 'email_not_available' }],
          });
        }
        const at = nowIso();
        const user: WorkosUserRecord = {
          id: workosId('user'),
          email,
          first_name: body.value.first_name ?? null,
          last_name: body.value.last_name ?? null,
          email_verified: body.value.email_verified ?? false,
          external_id: body.value.external_id ?? null,
          metadata: body.value.metadata ?? {},
          created_at: at,
          updated_at: at,
        };
        workos().users.push(user);
        return { status: 201, body: userView(user) };
      }),
    ),
  );

  app.get(
    '/user_management/users',
    op('listUsers', (c) => {
      const email = c.req.query('email')?.toLowerCase();
      const orgId = c.req.query('organization_id');
      const members = new Set(
        workos()
          .memberships.filter((m) => m.organization_id === orgId)
          .map((m) => m.user_id),
      );
      const users = workos().users.filter((u) => (!email || u.email === email) && (!orgId || members.has(u.id)));
      return listResponse(c, users, userView);
    }),
  );

  app.get(
    '/user_management/users/:id',
    op('getUser', (c) => {
      const user = workos().users.find((u) => u.id === param(c, 'id'));
      return user ? workosJson(200, userView(user)) : entityNotFound('User', param(c, 'id'));
    }),
  );

  app.post(
    '/user_management/organization_memberships',
    op('createMembership', (c) =>
      idempotent(ctx, c, async () => {
        const body = await readJsonBody(c, CreateMembershipBody);
        if (!body.ok) return validationError(body.message, body.field);
        const { organization_id, user_id } = body.value;
        if (!orgExists(organization_id)) return entityNotFound('Organization', organization_id);
        if (!workos().users.some((u) => u.id === user_id)) return entityNotFound('User', user_id);
        if (workos().memberships.some((m) => m.organization_id === organization_id && m.user_id === user_id)) {
          return workosError(
            422,
            'The user is already a member of the organization.',
            'organization_membership_already_exists',
          );
        }
        const at = nowIso();
        const membership: WorkosMembershipRecord = {
          id: workosId('om'),
          user_id,
          organization_id,
          status: 'active',
          role_slug: body.value.role_slug ?? body.value.role_slugs?.[0] ?? 'member',
          created_at: at,
          updated_at: at,
        };
        workos().memberships.push(membership);
        return { status: 201, body: membershipView(ctx.state.data, membership) };
      }),
    ),
  );

  app.get(
    '/user_management/organization_memberships',
    op('listMemberships', (c) => {
      const orgId = c.req.query('organization_id');
      const userId = c.req.query('user_id');
      const statuses = (c.req.query('statuses') ?? '').split(',').filter(Boolean);
      const matching = workos().memberships.filter(
        (m) =>
          (!orgId || m.organization_id === orgId) &&
          (!userId || m.user_id === userId) &&
          (statuses.length === 0 || statuses.includes(m.status)),
      );
      return listResponse(c, matching, (m) => membershipView(ctx.state.data, m));
    }),
  );

  app.get(
    '/user_management/organization_memberships/:id',
    op('getMembership', (c) => {
      const membership = workos().memberships.find((m) => m.id === param(c, 'id'));
      return membership
        ? workosJson(200, membershipView(ctx.state.data, membership))
        : entityNotFound('Organization membership', param(c, 'id'));
    }),
  );

  app.delete(
    '/user_management/organization_memberships/:id',
    op('deleteMembership', (c) => {
      const id = param(c, 'id');
      if (!workos().memberships.some((m) => m.id === id)) return entityNotFound('Organization membership', id);
      workos().memberships = workos().memberships.filter((m) => m.id !== id);
      ctx.state.commit();
      return new Response(null, { status: 202 });
    }),
  );

  app.post(
    '/user_management/invitations',
    op('createInvitation', (c) =>
      idempotent(ctx, c, async () => {
        const body = await readJsonBody(c, SendInvitationBody);
        if (!body.ok) return validationError(body.message, body.field);
        const { organization_id } = body.value;
        if (organization_id && !orgExists(organization_id)) return entityNotFound('Organization', organization_id);
        const now = ctx.sleeper.now();
        const at = new Date(now).toISOString();
        const invitation: WorkosInvitationRecord = {
          id: workosId('invitation'),
          email: body.value.email.toLowerCase(),
          state: 'pending',
          organization_id: organization_id ?? null,
          inviter_user_id: body.value.inviter_user_id ?? null,
          role_slug: body.value.role_slug ?? null,
          token: opaqueToken(25),
          expires_at: new Date(now + (body.value.expires_in_days ?? 7) * DAY_MS).toISOString(),
          created_at: at,
          updated_at: at,
        };
        workos().invitations.push(invitation);
        return { status: 201, body: invitationView(invitation, now) };
      }),
    ),
  );

  app.get(
    '/user_management/invitations',
    op('listInvitations', (c) => {
      const orgId = c.req.query('organization_id');
      const email = c.req.query('email')?.toLowerCase();
      const matching = workos().invitations.filter(
        (i) => (!orgId || i.organization_id === orgId) && (!email || i.email === email),
      );
      const now = ctx.sleeper.now();
      return listResponse(c, matching, (i) => invitationView(i, now));
    }),
  );

  app.get(
    '/user_management/invitations/:id',
    op('getInvitation', (c) => {
      const invitation = workos().invitations.find((i) => i.id === param(c, 'id'));
      return invitation
        ? workosJson(200, invitationView(invitation, ctx.sleeper.now()))
        : entityNotFound('Invitation', param(c, 'id'));
    }),
  );
}
