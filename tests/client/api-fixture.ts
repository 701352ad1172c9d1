/**
 * The HTTP API in-process over a real test stack (dev server, sandbox, SQLite store, worker): `call()` goes through
 * `app.request`, and every log line the API writes is kept in `logLines` for assertions.
 */
import type { Hono } from 'hono';
import { createApiApp } from '../../client/api/app';
import type { ApiEnv } from '../../client/api/env';
import { createJsonLogger, silentLogger } from '../../worker/logger';
import { createProviderClients } from '../../worker/providers';
import { startTestStack, type TestStack, type TestStackOptions } from '../helpers/test-stack';

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (for malformed JSON). */
  rawBody?: string;
  /** Send `Authorization: Bearer <adminToken>`; a string sends that token instead. */
  admin?: boolean | string;
  headers?: Record<string, string>;
}

export interface ApiFixture {
  stack: TestStack;
  app: Hono<ApiEnv>;
  logLines: Record<string, unknown>[];
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startApiFixture(options: TestStackOptions = {}): Promise<ApiFixture> {
  const stack = await startTestStack(options);
  const logLines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    base: { service: 'api' },
    write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const app = createApiApp({
    client: stack.client,
    store: stack.store,
    config: stack.config,
    logger,
    providers: createProviderClients(stack.config, silentLogger),
  });

  async function call(method: string, path: string, callOptions: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.admin) {
      const token = typeof callOptions.admin === 'string' ? callOptions.admin : stack.config.api.adminToken;
      headers.Authorization = `Bearer ${token}`;
    }
    let body: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) body = JSON.stringify(callOptions.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : null };
  }

  return { stack, app, logLines, call, close: () => stack.close() };
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
