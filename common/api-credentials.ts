/**
 * API credentials (who may call the HTTP API): each has a name, a role and the SHA-256 of its bearer token. Only the
 * hash is configured and kept in memory; the token itself is shown once, when it is generated.
 *
 * `API_CREDENTIALS` is a comma-separated list of `name:role:sha256:<64 hex>` entries. Tokens are 256-bit random
 * values (`generateApiToken`), so a plain SHA-256 is enough: there is no password to guess from its hash.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Roles, weakest first: `viewer` reads, `brain` also starts jobs, `admin` does everything. */
export const API_ROLES = ['viewer', 'brain', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiCredential {
  name: string;
  role: ApiRole;
  /** SHA-256 of the bearer token, 64 lowercase hex digits. */
  tokenHash: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const ENTRY_PATTERN = /^([^:]+):([^:]+):sha256:([0-9a-f]{64})$/;

/** SHA-256 of a bearer token, as stored in a credential. */
export function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new bearer token: 256 random bits, URL-safe. */
export function generateApiToken(): string {
  return `to_${randomBytes(32).toString('base64url')}`;
}

/** The `API_CREDENTIALS` entry of a credential. */
export function formatApiCredential(name: string, role: ApiRole, token: string): string {
  return `${name}:${role}:sha256:${hashApiToken(token).toString('hex')}`;
}

/** True when `role` may do what `required` allows (roles are ordered: admin ⊇ brain ⊇ viewer). */
export function roleAllows(role: ApiRole, required: ApiRole): boolean {
  return API_ROLES.indexOf(role) >= API_ROLES.indexOf(required);
}

/** Parses `API_CREDENTIALS`; throws one message naming each bad entry (never echoing a hash). */
export function parseApiCredentials(text: string): ApiCredential[] {
  const credentials: ApiCredential[] = [];
  const problems: string[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const match = ENTRY_PATTERN.exec(entry);
    const [, name, role, hex] = match ?? [];
    if (!name || !role || !hex) {
      problems.push(`entry ${index + 1} is not name:role:sha256:<64 lowercase hex>`);
      return;
    }
    if (!NAME_PATTERN.test(name)) problems.push(`entry ${index + 1}: name "${name}" is not a short identifier`);
    else if (credentials.some((c) => c.name === name)) problems.push(`entry ${index + 1}: name "${name}" repeats`);
    if (!(API_ROLES as readonly string[]).includes(role)) {
      problems.push(`entry ${index + 1}: role "${role}" is not one of ${API_ROLES.join(', ')}`);
      return;
    }
    credentials.push({ name, role: role as ApiRole, tokenHash: hex });
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  return credentials;
}
