/**
 * API credentials for the HTTP API.
 *
 *   npx tsx scripts/dev-credentials.ts dev [file]     dev mode (run by ./temporal-dev.sh up): one credential per role in
 *                                                     `file` (default .data/dev-credentials.json, mode 0600) as
 *                                                     {"admin": "...", "brain": "...", "viewer": "..."}, kept across
 *                                                     restarts; prints the tokens on stderr and the API_CREDENTIALS
 *                                                     value (hashes only) on stdout
 *   npx tsx scripts/dev-credentials.ts new <name> <role>   a new token and its API_CREDENTIALS entry (production)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { API_ROLES, type ApiRole, formatApiCredential, generateApiToken } from '../common/api-credentials';

export const DEV_CREDENTIALS_FILE = '.data/dev-credentials.json';

const DevCredentialsSchema = z.object({
  admin: z.string().min(20),
  brain: z.string().min(20),
  viewer: z.string().min(20),
});

/** The dev credentials in `file`, created when missing or unreadable. */
export function ensureDevCredentials(file: string): Record<ApiRole, string> {
  if (existsSync(file)) {
    const parsed = DevCredentialsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  // Written in the contract's order: {"admin": "...", "brain": "...", "viewer": "..."}.
  const tokens: Record<ApiRole, string> = {
    admin: generateApiToken(),
    brain: generateApiToken(),
    viewer: generateApiToken(),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  return tokens;
}

/** The API_CREDENTIALS value of the dev tokens: principals `dev-admin`, `dev-brain`, `dev-viewer`. */
export function devCredentialsSpec(tokens: Record<ApiRole, string>): string {
  return API_ROLES.map((role) => formatApiCredential(`dev-${role}`, role, tokens[role])).join(',');
}

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (command === 'dev') {
    const file = rest[0] ?? DEV_CREDENTIALS_FILE;
    const tokens = ensureDevCredentials(file);
    process.stderr.write(
      `dev API credentials (${file}):\n${API_ROLES.map((role) => `  ${role.padEnd(6)} ${tokens[role]}`).join('\n')}\n`,
    );
    process.stdout.write(`${devCredentialsSpec(tokens)}\n`);
    return 0;
  }
  const [name, role] = rest;
  if (command === 'new' && name && (API_ROLES as readonly string[]).includes(role ?? '')) {
    const token = generateApiToken();
    process.stdout.write(`token (give it to ${name}; shown once):\n  ${token}\n`);
    process.stdout.write(`API_CREDENTIALS entry:\n  ${formatApiCredential(name, role as ApiRole, token)}\n`);
    return 0;
  }
  process.stderr.write('usage: dev-credentials.ts dev [file] | new <name> admin|brain|viewer\n');
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
