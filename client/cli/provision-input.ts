/**
 * `provision` flags → a `provisionTenant` input, and validation issues → messages that name the flag. Pure.
 */
import type { FieldIssue } from '../lib/errors';
import { stringFlag, type FlagSpec, type ParsedFlags } from './args';

export const PROVISION_FLAGS = {
  'tenant-id': { type: 'string' },
  name: { type: 'string' },
  plan: { type: 'string' },
  'owner-email': { type: 'string' },
  'owner-name': { type: 'string' },
  'requested-by': { type: 'string' },
  region: { type: 'string' },
  'no-follow': { type: 'boolean' },
} as const satisfies FlagSpec;

/** Input field path → the flag that sets it. */
export const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  tenantId: '--tenant-id',
  name: '--name',
  plan: '--plan',
  owner: '--owner-email/--owner-name',
  'owner.email': '--owner-email',
  'owner.name': '--owner-name',
  requestedBy: '--requested-by',
  region: '--region',
};

/** The raw (unvalidated) input; absent flags stay absent so validation reports them as missing. */
export function buildProvisionInput(flags: ParsedFlags, defaultRequester: string): Record<string, unknown> {
  const input: Record<string, unknown> = {
    tenantId: stringFlag(flags, 'tenant-id'),
    name: stringFlag(flags, 'name'),
    plan: stringFlag(flags, 'plan'),
    owner: { email: stringFlag(flags, 'owner-email'), name: stringFlag(flags, 'owner-name') },
    requestedBy: stringFlag(flags, 'requested-by') ?? defaultRequester,
  };
  const region = stringFlag(flags, 'region');
  if (region !== undefined) input.region = region;
  return input;
}

/** `invalid input:` followed by one line per issue: `  --owner-email (owner.email): Invalid email address`. */
export function formatInputIssues(issues: readonly FieldIssue[]): string {
  const lines = issues.map((issue) => {
    const flag = FLAG_OF_FIELD[issue.path];
    return `  ${flag ? `${flag} (${issue.path})` : issue.path}: ${issue.message}`;
  });
  return ['invalid input:', ...lines].join('\n');
}
