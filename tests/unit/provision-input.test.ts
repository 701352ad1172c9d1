/**
 * Inputs every provider accepts, checked before anything is created: tenant IDs whose derived resource names a
 * provider would refuse, text with control characters or bidirectional overrides, owner emails compared
 * case-insensitively.
 */
import { ProvisionTenantInputSchema, tenantIdResourceProblem } from '../../workflows/contracts/provision-tenant-input';

const valid = {
  tenantId: 'acme-co',
  name: 'Acme Co',
  plan: 'pro',
  owner: { email: 'Owner@Acme.Example', name: 'Olive Owner' },
  requestedBy: 'brain',
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  const parsed = ProvisionTenantInputSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('provisionTenant input', () => {
  it('accepts a valid input and lowercases the owner email', () => {
    const parsed = ProvisionTenantInputSchema.parse(valid);
    expect(parsed.owner.email).toBe('owner@acme.example');
  });

  it.each([
    ['a trailing hyphen (invalid Pages project name)', 'acme-', /end with a hyphen/],
    ['an uppercase letter', 'Acme', /lowercase slug/],
    ['a leading hyphen', '-acme', /lowercase slug/],
    ['too short', 'ab', /lowercase slug/],
    ['too long', 'a'.repeat(40), /lowercase slug/],
    ['an underscore', 'acme_co', /lowercase slug/],
  ])('rejects a tenant ID with %s, naming tenantId', (_case, tenantId, message) => {
    const issues = issuesOf({ ...valid, tenantId });
    expect(issues.map((i) => i.path)).toEqual(['tenantId']);
    expect(issues[0]?.message).toMatch(message);
  });

  it('accepts the longest tenant ID: every derived name fits every provider', () => {
    const tenantId = `a${'b'.repeat(37)}c`;
    expect(issuesOf({ ...valid, tenantId })).toEqual([]);
    expect(tenantIdResourceProblem(tenantId)).toBeUndefined();
  });

  it.each([
    ['a newline', 'Acme\nCo'],
    ['a NUL', 'Acme\u0000Co'],
    ['a right-to-left override', 'Acme\u202ECo'],
    ['a left-to-right isolate', 'Acme\u2066Co'],
    ['a right-to-left mark', 'Acme\u200FCo'],
  ])('rejects a name with %s, naming the field', (_case, text) => {
    expect(issuesOf({ ...valid, name: text }).map((i) => i.path)).toEqual(['name']);
    expect(issuesOf({ ...valid, owner: { ...valid.owner, name: text } }).map((i) => i.path)).toEqual(['owner.name']);
    expect(issuesOf({ ...valid, requestedBy: text }).map((i) => i.path)).toEqual(['requestedBy']);
  });

  it('keeps names in any script (only control and bidirectional characters are refused)', () => {
    expect(issuesOf({ ...valid, name: 'שלום Ünïcødé 日本' })).toEqual([]);
  });

  it('rejects an invalid owner email, naming owner.email', () => {
    expect(issuesOf({ ...valid, owner: { ...valid.owner, email: 'not an email' } }).map((i) => i.path)).toEqual([
      'owner.email',
    ]);
  });
});
