/**
 * WorkOS plumbing shared by its routes: the `{message, code}` error shape with an `X-Request-ID` header, API-key
 * auth, cursor pagination (`limit`, `before`, `after`, `order`) and `Idempotency-Key` replay.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../context';
import { authToken, intParam, json } from '../http';
import { opaqueToken } from '../ids';
import type { FaultResponder, SandboxEnv } from '../operation';

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** A WorkOS JSON response, with the `X-Request-ID` header every WorkOS answer carries. */
export function workosJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return json(status, body, { 'x-request-id': opaqueToken(26), ...headers });
}

/** A WorkOS error `{message, code, ...extra}`. */
export function workosError(status: number, message: string, code: string, extra: Record<string, unknown> = {}) {
  return workosJson(status, { message, code, ...extra });
}

/** 404 `entity_not_found`, as WorkOS answers for an unknown object. */
export function entityNotFound(entity: string, id: string): Response {
  return workosError(404, `${entity} not found: '${id}'.`, 'entity_not_found', { entity_id: id });
}

/** 422 with WorkOS's per-field `errors`. */
export function validationError(message: string, field: string | null): Response {
  return workosError(422, 'Validation failed', 'invalid_request_parameters', {
    errors: [{ field: field ?? 'body', code: 'invalid', message }],
  });
}

/** WorkOS's answers to injected faults. */
export const workosFaultResponse: FaultResponder = (kind) => {
  switch (kind) {
    case 'error_500':
      return workosError(500, 'Internal Server Error', 'server_error');
    case 'rate_limit_429':
      return workosJson(429, { message: 'Too many requests', code: 'rate_limit_exceeded' }, { 'retry-after': '1' });
    case 'unauthorized_401':
      return workosError(401, 'Could not authorize the request. Maybe your API key is invalid?', 'unauthorized');
    case 'quota_exceeded':
      return workosError(422, 'Your plan limit has been reached for this resource.', 'quota_exceeded', {
        errors: [],
      });
  }
};

/** Every WorkOS route needs `Authorization: Bearer sk_...`. */
export const requireApiKey: MiddlewareHandler<SandboxEnv> = async (c, next) => {
  const key = authToken(c, 'Bearer');
  if (!key || !key.startsWith('sk_')) {
    return workosError(401, 'Could not authorize the request. Maybe your API key is invalid?', 'unauthorized');
  }
  await next();
};

export interface ListPage<T> {
  object: 'list';
  data: T[];
  list_metadata: { before: string | null; after: string | null };
}

/**
 * One page of `items` (records with ULID ids, which sort in creation order). `order` defaults to `desc`;
 * `after`/`before` are object IDs and need not exist any more. Returns a 422 response for bad parameters.
 */
export function paginate<T extends { id: string }>(c: Context, items: readonly T[]): { page: ListPage<T> } | Response {
  const limit = intParam(c.req.query('limit')) ?? 10;
  if (Number.isNaN(limit) || limit < 1 || limit > 100)
    return validationError('limit must be between 1 and 100', 'limit');
  const order = c.req.query('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc' && order !== 'normal')
    return validationError('order must be asc or desc', 'order');
  const descending = order === 'desc';
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (descending) sorted.reverse();
  const comesBefore = (a: string, b: string) => (descending ? a > b : a < b);
  const after = c.req.query('after');
  const before = c.req.query('before');
  let start = 0;
  let end = sorted.length;
  if (after) start = sorted.findIndex((x) => comesBefore(after, x.id));
  if (after && start < 0) start = sorted.length;
  if (before) {
    const firstNotBefore = sorted.findIndex((x) => !comesBefore(x.id, before));
    end = firstNotBefore < 0 ? sorted.length : firstNotBefore;
    start = Math.max(start, end - limit);
  } else {
    end = Math.min(sorted.length, start + limit);
  }
  const data = sorted.slice(start, end);
  const first = data[0];
  const last = data[data.length - 1];
  return {
    page: {
      object: 'list',
      data,
      list_metadata: {
        before: first && start > 0 ? first.id : null,
        after: last && end < sorted.length ? last.id : null,
      },
    },
  };
}

/** A list endpoint's answer: one page of `items` (see {@link paginate}), each shown through `view`. */
export function listResponse<T extends { id: string }>(
  c: Context,
  items: readonly T[],
  view: (item: T) => unknown,
): Response {
  const result = paginate(c, items);
  if (result instanceof Response) return result;
  return workosJson(200, { ...result.page, data: result.page.data.map(view) });
}

/**
 * Runs a creating handler at most once per `Idempotency-Key` (per method and path, for 24 h): a repeated key gets
 * the first successful answer again, with `Idempotent-Replayed: true`, and creates nothing.
 */
export async function idempotent(
  ctx: SandboxContext,
  c: Context,
  create: () => Promise<{ status: number; body: unknown } | Response>,
): Promise<Response> {
  const header = c.req.header('idempotency-key');
  const now = ctx.sleeper.now();
  const store = ctx.state.data.workos;
  store.idempotency = store.idempotency.filter((r) => r.createdAt + IDEMPOTENCY_TTL_MS > now);
  const key = header ? `${c.req.method} ${c.req.path} ${header}` : undefined;
  const previous = key ? store.idempotency.find((r) => r.key === key) : undefined;
  if (previous) return workosJson(previous.status, previous.body, { 'idempotent-replayed': 'true' });
  const result = await create();
  if (result instanceof Response) return result;
  if (key) store.idempotency.push({ key, status: result.status, body: result.body, createdAt: now });
  ctx.state.commit();
  return workosJson(result.status, result.body);
}
