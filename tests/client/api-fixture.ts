/**
 * The HTTP API in-process over a real test stack (dev server, sandbox, SQLite store, worker): `call()` goes through
 * `app.request`, and every log line the API writes is kept in `logLines` for assertions.
 */
import type { Hono } from 'hono';
import { createApiApp } from '../../client/api/app';
import type { ApiEnv } from '../../client/api/env';
import type { AppConfig } from '../../common/config';
import { API_ROLES, type ApiRole, formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { createJsonLogger, silentLogger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { startTestStack, type TestStack, type TestStackOptions } from '../helpers/test-stack';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed body of a JSON answer, else null. */
  json: unknown;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (for malformed JSON). */
  rawBody?: string;
  /** Send the admin credential; a string sends that raw token instead. */
  admin?: boolean | string;
  /** Whose credential to send (default `brain`); `none` sends no Authorization header. */
  as?: ApiRole | 'none';
  /** The client's network address (default 127.0.0.1), as the socket would give it. */
  client?: string;
  headers?: Record<string, string>;
}

/** The principal names of the fixture's credentials, by role. */
export const FIXTURE_PRINCIPALS: Readonly<Record<ApiRole, string>> = {
  admin: 'test-admin',
  brain: 'test-brain',
  viewer: 'test-viewer',
};

export interface ApiFixture {
  stack: TestStack;
  app: Hono<ApiEnv>;
  logLines: Record<string, unknown>[];
  /** A bearer token per role (the app knows only their hashes). */
  tokens: Readonly<Record<ApiRole, string>>;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** A caller of another app over the same stack, whose API settings differ (e.g. low rate limits). */
  callerWith(api: Partial<AppConfig['api']>): ApiFixture['call'];
  close(): Promise<void>;
}

export async function startApiFixture(options: TestStackOptions = {}): Promise<ApiFixture> {
  const tokens = Object.fromEntries(API_ROLES.map((role) => [role, generateApiToken()])) as Record<ApiRole, string>;
  const credentials = API_ROLES.map((role) => formatApiCredential(FIXTURE_PRINCIPALS[role], role, tokens[role]));
  const stack = await startTestStack({ ...options, env: { API_CREDENTIALS: credentials.join(','), ...options.env } });
  const logLines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    base: { service: 'api' },
    write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const providers = createProviderClients(stack.config, silentLogger);
  const app = createApiApp({ client: stack.client, store: stack.store, config: stack.config, logger, providers });

  const callerOf =
    (target: Hono<ApiEnv>): ApiFixture['call'] =>
    (method, path, callOptions) =>
      callApp(target, tokens, method, path, callOptions);
  const callerWith = (api: Partial<AppConfig['api']>): ApiFixture['call'] =>
    callerOf(
      createApiApp({
        client: stack.client,
        store: stack.store,
        config: { ...stack.config, api: { ...stack.config.api, ...api } },
        logger,
        providers,
      }),
    );

  return { stack, app, logLines, tokens, call: callerOf(app), callerWith, close: () => stack.close() };
}

async function callApp(
  app: Hono<ApiEnv>,
  tokens: Readonly<Record<ApiRole, string>>,
  method: string,
  path: string,
  callOptions: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const role = callOptions.admin === true ? 'admin' : (callOptions.as ?? 'brain');
  if (typeof callOptions.admin === 'string') headers.Authorization = `Bearer ${callOptions.admin}`;
  else if (role !== 'none') headers.Authorization = `Bearer ${tokens[role]}`;
  Object.assign(headers, callOptions.headers);
  let body: string | undefined = callOptions.rawBody;
  if (callOptions.body !== undefined) body = JSON.stringify(callOptions.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const socket = { remoteAddress: callOptions.client ?? '127.0.0.1' };
  const response = await app.request(
    path,
    { method, headers, ...(body !== undefined ? { body } : {}) },
    { incoming: { socket } as never },
  );
  const text = await response.text();
  const isJson = (response.headers.get('Content-Type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    json: text && isJson ? (JSON.parse(text) as unknown) : null,
    text,
  };
}

/** Polls `GET /provisioning/:jobId` until `accept` holds; returns the last progress body. */
export async function pollProgress(
  api: ApiFixture,
  jobId: string,
  accept: (progress: Record<string, unknown>) => boolean,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: ApiResponse | undefined;
  while (Date.now() < deadline) {
    last = await api.call('GET', `/provisioning/${jobId}`);
    if (last.status === 200 && accept(last.json as Record<string, unknown>)) {
      return last.json as Record<string, unknown>;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out polling ${jobId}; last answer: ${last?.status} ${JSON.stringify(last?.json)}`);
}
