/**
 * Cloudflare v4 plumbing: the `{success, errors, messages, result, result_info?}` envelope, API-token auth
 * (403 code 10000 otherwise), `Ratelimit` headers on every answer, and Cloudflare's answers to injected faults.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { authToken, intParam, json } from '../http';
import type { FaultResponder, SandboxEnv } from '../operation';

export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

/** A successful envelope around `result`. */
export function cfSuccess(result: unknown, resultInfo?: ResultInfo, status = 200): Response {
  return json(status, {
    success: true,
    errors: [],
    messages: [],
    result,
    ...(resultInfo ? { result_info: resultInfo } : {}),
  });
}

/** A failed envelope with one error `{code, message}` and `result: null`. */
export function cfError(status: number, code: number, message: string, headers?: Record<string, string>): Response {
  return json(status, { success: false, errors: [{ code, message }], messages: [], result: null }, headers);
}

export const CF_CODES = {
  unknown: 8000000,
  duplicateProject: 8000002,
  projectQuota: 8000005,
  projectNotFound: 8000007,
  deploymentNotFound: 8000009,
  invalidProjectName: 8000011,
  activeDeployment: 8000034,
  manifestRequired: 8000096,
  /** Wrangler's `UNAUTHORIZED` for an invalid or expired upload JWT (workers-sdk `pages/constants.ts`). */
  uploadUnauthorized: 8000013,
  /** A manifest that names a file never uploaded (the emulator's code; Cloudflare's exact code is not documented). */
  missingAssets: 8000099,
  rateLimited: 971,
  authentication: 10000,
} as const;

/** 404, code 8000007. */
export const projectNotFound = () =>
  cfError(
    404,
    CF_CODES.projectNotFound,
    'Project not found. The specified project name does not match any of your existing projects.',
  );

/** Cloudflare's answers to injected faults. */
export const cloudflareFaultResponse: FaultResponder = (kind) => {
  switch (kind) {
    case 'error_500':
      return cfError(500, CF_CODES.unknown, 'An unknown error occurred. Please try again later.');
    case 'rate_limit_429':
      return cfError(429, CF_CODES.rateLimited, 'Please wait and consider throttling your request speed', {
        'retry-after': '1',
      });
    case 'unauthorized_401':
      return cfError(401, CF_CODES.authentication, 'Authentication error');
    case 'quota_exceeded':
      return cfError(
        400,
        CF_CODES.projectQuota,
        'You have reached the maximum number of projects allowed on your account. Delete a project and try again.',
      );
  }
};

/** `Authorization: Bearer <token>` (or the legacy X-Auth-Email + X-Auth-Key pair); adds the rate-limit headers. */
export const cloudflareAuth: MiddlewareHandler<SandboxEnv> = async (c, next) => {
  const legacy = c.req.header('x-auth-email') && c.req.header('x-auth-key');
  if (!authToken(c, 'Bearer') && !legacy)
    return withRateLimitHeaders(cfError(403, CF_CODES.authentication, 'Authentication error'));
  await next();
  withRateLimitHeaders(c.res);
};

function withRateLimitHeaders(res: Response): Response {
  res.headers.set('ratelimit', '"default";r=1199;t=300');
  res.headers.set('ratelimit-policy', '"default";q=1200;w=300');
  return res;
}

/** One page of `items` by `page`/`per_page`; past the last page the result is `[]`, as the SDK's auto-pager expects. */
export function pageOf<T>(c: Context, items: T[], defaultPerPage: number): { items: T[]; info: ResultInfo } | Response {
  const page = intParam(c.req.query('page')) ?? 1;
  const perPage = intParam(c.req.query('per_page')) ?? defaultPerPage;
  if (Number.isNaN(page) || page < 1 || Number.isNaN(perPage) || perPage < 1 || perPage > 100) {
    return cfError(400, CF_CODES.unknown, 'Invalid pagination parameters: page >= 1, 1 <= per_page <= 100');
  }
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return {
    items: slice,
    info: {
      page,
      per_page: perPage,
      count: slice.length,
      total_count: items.length,
      total_pages: Math.ceil(items.length / perPage),
    },
  };
}
