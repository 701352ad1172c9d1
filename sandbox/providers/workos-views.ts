/**
 * WorkOS wire shapes (snake_case, as the API sends them) rendered from records.
 */
import type {
  SandboxData,
  WorkosInvitationRecord,
  WorkosMembershipRecord,
  WorkosOrganizationRecord,
  WorkosUserRecord,
} from '../records';

/** An `Organization` with its domains. */
export function organizationView(org: WorkosOrganizationRecord) {
  return {
    object: 'organization' as const,
    id: org.id,
    name: org.name,
    allow_profiles_outside_organization: false,
    domains: org.domains.map((d) => ({
      object: 'organization_domain' as const,
      id: d.id,
      organization_id: org.id,
      domain: d.domain,
      state: d.state,
      verification_strategy: 'manual',
      created_at: d.created_at,
      updated_at: d.updated_at,
    })),
    external_id: org.external_id,
    metadata: org.metadata,
    ...(org.stripe_customer_id !== undefined ? { stripe_customer_id: org.stripe_customer_id } : {}),
    created_at: org.created_at,
    updated_at: org.updated_at,
  };
}

/** A User Management `User`. */
export function userView(user: WorkosUserRecord) {
  return {
    object: 'user' as const,
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    email_verified: user.email_verified,
    profile_picture_url: null,
    last_sign_in_at: null,
    external_id: user.external_id,
    metadata: user.metadata,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

/** An `OrganizationMembership`, with the organization's current name. */
export function membershipView(data: SandboxData, membership: WorkosMembershipRecord) {
  const org = data.workos.organizations.find((o) => o.id === membership.organization_id);
  return {
    object: 'organization_membership' as const,
    id: membership.id,
    user_id: membership.user_id,
    organization_id: membership.organization_id,
    organization_name: org?.name ?? null,
    status: membership.status,
    role: { slug: membership.role_slug },
    roles: [{ slug: membership.role_slug }],
    directory_managed: false,
    custom_attributes: {},
    created_at: membership.created_at,
    updated_at: membership.updated_at,
  };
}

/** Pending invitations past their expiry read as `expired`. */
export function invitationView(invitation: WorkosInvitationRecord, now: number) {
  const expired = invitation.state === 'pending' && Date.parse(invitation.expires_at) <= now;
  return {
    object: 'invitation' as const,
    id: invitation.id,
    email: invitation.email,
    state: expired ? 'expired' : invitation.state,
    accepted_at: null,
    revoked_at: null,
    expires_at: invitation.expires_at,
    organization_id: invitation.organization_id,
    inviter_user_id: invitation.inviter_user_id,
    accepted_user_id: null,
    role_slug: invitation.role_slug,
    token: invitation.token,
    accept_invitation_url: `https://auth.sandbox.workos.test/invite?invitation_token=${invitation.token}`,
    created_at: invitation.created_at,
    updated_at: invitation.updated_at,
  };
}
