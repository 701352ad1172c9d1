/**
 * Pages direct-upload tokens: `GET …/pages/projects/{name}/upload-token` hands out a JWT (HS256) scoped to one
 * project, which the `/pages/assets/*` routes require as `Authorization: Bearer <jwt>`. Wrangler reads the claims
 * `exp` (to refresh an expired token) and `max_file_count_allowed` (its file-count limit) from the payload.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxContext } from '../context';

/** How long an upload token is valid (Cloudflare's are short-lived). */
export const UPLOAD_JWT_LIFETIME_MS = 5 * 60_000;
/** Wrangler's default limit on files in one deployment. */
export const MAX_FILE_COUNT_ALLOWED = 20_000;

export interface UploadClaims {
  sub: string;
  account_id: string;
  project_name: string;
  max_file_count_allowed: number;
  iat: number;
  exp: number;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function secret(ctx: SandboxContext): string {
  const cf = ctx.state.data.cloudflare;
  if (!cf.uploadJwtSecret) {
    cf.uploadJwtSecret = randomBytes(32).toString('hex');
    ctx.state.commit();
  }
  return cf.uploadJwtSecret;
}

const sign = (key: string, input: string) => createHmac('sha256', key).update(input).digest();

/** A fresh upload token for `projectName`. */
export function issueUploadJwt(ctx: SandboxContext, accountId: string, projectName: string): string {
  const nowSec = Math.floor(ctx.sleeper.now() / 1000);
  const claims: UploadClaims = {
    sub: `pages-upload:${projectName}`,
    account_id: accountId,
    project_name: projectName,
    max_file_count_allowed: MAX_FILE_COUNT_ALLOWED,
    iat: nowSec,
    exp: nowSec + UPLOAD_JWT_LIFETIME_MS / 1000,
  };
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${base64url(sign(secret(ctx), unsigned))}`;
}

/** The claims of a valid, unexpired token issued by this sandbox; undefined otherwise. */
export function verifyUploadJwt(ctx: SandboxContext, token: string): UploadClaims | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = sign(secret(ctx), `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: UploadClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as UploadClaims;
  } catch {
    return undefined;
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= ctx.sleeper.now()) return undefined;
  return typeof claims.project_name === 'string' ? claims : undefined;
}
