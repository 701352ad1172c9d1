/**
 * Admin routes: `Authorization: Bearer <ADMIN_API_TOKEN>`, compared in constant time. A missing or wrong token is a
 * 401 `unauthorized` with `WWW-Authenticate: Bearer`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './env';
import { ApiError } from './http-errors';

/** Who admin actions are attributed to when the request does not say: the token names no person. */
export const DEFAULT_ADMIN_ACTOR = 'admin';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** True when `authorization` is `Bearer <token>` with exactly `adminToken`. */
export function isAuthorizedAdmin(authorization: string | undefined, adminToken: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(adminToken));
}

export function requireAdmin(adminToken: string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!isAuthorizedAdmin(c.req.header('Authorization'), adminToken)) {
      c.header('WWW-Authenticate', 'Bearer realm="admin"');
      throw new ApiError('unauthorized', 'An admin bearer token is required (Authorization: Bearer <ADMIN_API_TOKEN>)');
    }
    await next();
  };
}
