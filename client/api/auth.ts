/**
 * Authentication and authorization of the API. Every route declares who may call it (`ApiRoute.role`); a guarded
 * route needs `Authorization: Bearer <token>` whose SHA-256 matches a configured credential (compared in constant
 * time against every credential, so the time taken does not tell which one came close). Missing or unknown token:
 * 401 `unauthorized` with `WWW-Authenticate: Bearer`; a known principal whose role is too weak: 403 `forbidden`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { type ApiCredential, hashApiToken, roleAllows } from '../../common/api-credentials';
import type { ApiEnv, Principal } from './env';
import { ApiError } from './http-errors';
import type { RouteAccess } from './route';

const BEARER_PATTERN = /^Bearer\s+(\S+)\s*$/i;

/** The principal whose credential matches `authorization` (`Bearer <token>`), or undefined. */
export function authenticate(
  authorization: string | undefined,
  credentials: readonly ApiCredential[],
): Principal | undefined {
  const token = BEARER_PATTERN.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const presented = hashApiToken(token);
  let found: ApiCredential | undefined;
  // No early exit: every credential is compared, whichever matches.
  for (const credential of credentials) {
    if (timingSafeEqual(presented, Buffer.from(credential.tokenHash, 'hex')) && !found) found = credential;
  }
  return found ? { name: found.name, role: found.role } : undefined;
}

/** Called with every rejected credential, before the 401 is answered (audit, failure counting). */
export type AuthFailureListener = (c: Context<ApiEnv>, reason: string) => Promise<void>;

/** The guard of one route: passes public routes, sets `principal` on the others or answers 401/403. */
export function requireRole(
  access: RouteAccess,
  credentials: readonly ApiCredential[],
  onFailure: AuthFailureListener,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (access === 'public') return next();
    const authorization = c.req.header('Authorization');
    const principal = authenticate(authorization, credentials);
    if (!principal) {
      await onFailure(c, authorization ? 'unknown credential' : 'no credential');
      c.header('WWW-Authenticate', 'Bearer realm="tenant-orchestrator"');
      throw new ApiError('unauthorized', 'A valid bearer token is required (Authorization: Bearer <token>)');
    }
    c.set('principal', principal);
    if (!roleAllows(principal.role, access)) {
      throw new ApiError('forbidden', `${principal.name} (${principal.role}) may not do this: it needs ${access}`);
    }
    return next();
  };
}

/** The authenticated principal of a guarded route (the guard set it before the handler runs). */
export function requirePrincipal(c: Context<ApiEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new ApiError('unauthorized', 'A valid bearer token is required');
  return principal;
}

/** Who acted, as recorded: the principal, plus "on behalf of" when the body names someone else. */
export function actorOf(principal: Principal, onBehalfOf: string | undefined): string {
  return onBehalfOf && onBehalfOf !== principal.name
    ? `${principal.name} (on behalf of ${onBehalfOf})`
    : principal.name;
}
