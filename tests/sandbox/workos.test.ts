import { DomainDataState, WorkOS } from '@workos-inc/node';
import { inventory, request, startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;
let workos: WorkOS;

function client(key: string): WorkOS {
  return new WorkOS(key, { apiHostname: '127.0.0.1', port: sb.sandbox.port, https: false });
}

/** The rejection of a promise, for asserting on the error's class and fields. */
async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  sb = await startTestSandbox();
  workos = client('sk_test_sandbox');
});
afterAll(() => sb.close());
beforeEach(() => request(`${sb.url}/_sandbox/reset`, { method: 'POST' }));

describe('WorkOS organizations through the official SDK', () => {
  it('creates, reads (by ID and external ID), updates and deletes an organization', async () => {
    const org = await workos.organizations.createOrganization({
      name: 'Acme',
      externalId: 'tenant-acme',
      metadata: { plan: 'pro' },
      domainData: [{ domain: 'acme.test', state: DomainDataState.Pending }],
    });
    expect(org.id).toMatch(/^org_[0-9A-Z]{26}$/);
    expect(org).toMatchObject({
      object: 'organization',
      name: 'Acme',
      externalId: 'tenant-acme',
      metadata: { plan: 'pro' },
    });
    expect(org.domains[0]).toMatchObject({ domain: 'acme.test', state: 'pending', organizationId: org.id });

    await expect(workos.organizations.getOrganization(org.id)).resolves.toMatchObject({ id: org.id });
    await expect(workos.organizations.getOrganizationByExternalId('tenant-acme')).resolves.toMatchObject({
      id: org.id,
    });
    const updated = await workos.organizations.updateOrganization({
      organization: org.id,
      name: 'Acme Inc',
      metadata: { region: 'eu' },
    });
    expect(updated).toMatchObject({ name: 'Acme Inc', metadata: { plan: 'pro', region: 'eu' } });

    await workos.organizations.deleteOrganization(org.id);
    const gone = await rejection(workos.organizations.getOrganization(org.id));
    expect(gone.constructor).toHaveProperty('name', 'NotFoundException');
    expect(gone).toMatchObject({ status: 404, code: 'entity_not_found' });
    expect((await inventory(sb.url)).workos.organizations).toEqual([]);
  });

  it('answers DELETE with 202 and an empty body, and 404 for an unknown organization', async () => {
    const org = await workos.organizations.createOrganization({ name: 'Short lived' });
    const res = await request(`${sb.url}/organizations/${org.id}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer sk_test_sandbox' },
    });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    const again = await request(`${sb.url}/organizations/${org.id}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer sk_test_sandbox' },
    });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'entity_not_found', message: expect.any(String) });
  });

  it('honours Idempotency-Key: the same key returns the same organization and creates no second one', async () => {
    const first = await workos.organizations.createOrganization(
      { name: 'Once', externalId: 'tenant-once' },
      { idempotencyKey: 'provision-once:workos' },
    );
    const second = await workos.organizations.createOrganization(
      { name: 'Once', externalId: 'tenant-once' },
      { idempotencyKey: 'provision-once:workos' },
    );
    expect(second.id).toBe(first.id);
    expect((await inventory(sb.url)).workos.organizations).toHaveLength(1);
  });

  it('rejects a duplicate external_id with 409 (ConflictException)', async () => {
    await workos.organizations.createOrganization({ name: 'A', externalId: 'tenant-dup' });
    const err = await rejection(workos.organizations.createOrganization({ name: 'B', externalId: 'tenant-dup' }));
    expect(err.constructor).toHaveProperty('name', 'ConflictException');
    expect(err).toMatchObject({ status: 409 });
  });

  it('answers 422 with per-field errors for an invalid body', async () => {
    const err = await rejection(workos.organizations.createOrganization({ name: '' }));
    expect(err.constructor).toHaveProperty('name', 'UnprocessableEntityException');
    expect(err).toMatchObject({ status: 422, code: 'invalid_request_parameters' });
  });

  it('answers 401 (UnauthorizedException) for a key that is not an API key', async () => {
    const err = await rejection(client('not-a-key').organizations.listOrganizations());
    expect(err.constructor).toHaveProperty('name', 'UnauthorizedException');
    expect(err).toMatchObject({ status: 401 });
  });

  it('paginates with limit/after (newest first) and auto-pagination walks every page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await workos.organizations.createOrganization({ name: `org ${i}` })).id);
    const newestFirst = [...ids].reverse();

    const page1 = await workos.organizations.listOrganizations({ limit: 2 });
    expect(page1.data.map((o) => o.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.listMetadata).toEqual({ before: null, after: newestFirst[1] });
    const page2 = await workos.organizations.listOrganizations({ limit: 2, after: page1.listMetadata.after ?? '' });
    expect(page2.data.map((o) => o.id)).toEqual(newestFirst.slice(2, 4));
    expect(page2.listMetadata.before).toBe(newestFirst[2]);
    const asc = await workos.organizations.listOrganizations({ limit: 3, order: 'asc' });
    expect(asc.data.map((o) => o.id)).toEqual(ids.slice(0, 3));

    const raw = await request<{ object: string; data: unknown[]; list_metadata: unknown }>(`${sb.url}/organizations`, {
      headers: { authorization: 'Bearer sk_test_sandbox' },
    });
    expect(raw.body.object).toBe('list');
    expect(raw.body.data).toHaveLength(5);
    expect(raw.body.list_metadata).toEqual({ before: null, after: null });

    const all = await (await workos.organizations.listOrganizations()).autoPagination();
    expect(all.map((o) => o.id).sort()).toEqual([...ids].sort());
  });

  it('filters organizations by domain', async () => {
    await workos.organizations.createOrganization({
      name: 'x',
      domainData: [{ domain: 'x.test', state: DomainDataState.Verified }],
    });
    const y = await workos.organizations.createOrganization({
      name: 'y',
      domainData: [{ domain: 'y.test', state: DomainDataState.Verified }],
    });
    const found = await workos.organizations.listOrganizations({ domains: ['y.test', 'z.test'] });
    expect(found.data.map((o) => o.id)).toEqual([y.id]);
  });
});

describe('WorkOS user management through the official SDK', () => {
  it('links an owner: user, membership and invitation', async () => {
    const org = await workos.organizations.createOrganization({ name: 'Linked', externalId: 'tenant-linked' });
    const user = await workos.userManagement.createUser({ email: 'Owner@Linked.test', firstName: 'Olive' });
    expect(user).toMatchObject({ object: 'user', email: 'owner@linked.test', firstName: 'Olive' });
    const byEmail = await workos.userManagement.listUsers({ email: 'owner@linked.test' });
    expect(byEmail.data.map((u) => u.id)).toEqual([user.id]);

    const membership = await workos.userManagement.createOrganizationMembership({
      organizationId: org.id,
      userId: user.id,
      roleSlug: 'admin',
    });
    expect(membership).toMatchObject({
      organizationId: org.id,
      userId: user.id,
      status: 'active',
      role: { slug: 'admin' },
    });
    const memberships = await workos.userManagement.listOrganizationMemberships({ organizationId: org.id });
    expect(memberships.data.map((m) => m.id)).toEqual([membership.id]);

    const invitation = await workos.userManagement.sendInvitation({
      email: 'second@linked.test',
      organizationId: org.id,
      roleSlug: 'member',
    });
    expect(invitation).toMatchObject({ object: 'invitation', state: 'pending', organizationId: org.id });
    expect(invitation.token).toEqual(expect.any(String));
    expect(invitation.acceptInvitationUrl).toContain(invitation.token);
    const invitations = await workos.userManagement.listInvitations({ organizationId: org.id });
    expect(invitations.data.map((i) => i.id)).toEqual([invitation.id]);

    const inv = await inventory(sb.url);
    expect(inv.workos.memberships).toHaveLength(1);
    expect(inv.workos.invitations).toHaveLength(1);
    await workos.organizations.deleteOrganization(org.id);
    const after = await inventory(sb.url);
    expect(after.workos.memberships).toEqual([]);
    expect(after.workos.invitations).toEqual([]);
  });

  it('refuses a membership for an unknown user or organization, and a duplicate one', async () => {
    const org = await workos.organizations.createOrganization({ name: 'Strict' });
    const unknownUser = await rejection(
      workos.userManagement.createOrganizationMembership({ organizationId: org.id, userId: 'user_missing' }),
    );
    expect(unknownUser).toMatchObject({ status: 404, code: 'entity_not_found' });
    const user = await workos.userManagement.createUser({ email: 'm@strict.test' });
    await workos.userManagement.createOrganizationMembership({ organizationId: org.id, userId: user.id });
    const duplicate = await rejection(
      workos.userManagement.createOrganizationMembership({ organizationId: org.id, userId: user.id }),
    );
    expect(duplicate).toMatchObject({ status: 422, code: 'organization_membership_already_exists' });
  });
});
