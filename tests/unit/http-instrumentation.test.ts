import { runInScope, withOperation } from '../../activities/call-context';
import { createInstrumentedFetch, HttpError, requestJson, type FetchFn } from '../../activities/http';
import { createJsonLogger, silentLogger } from '../../common/logging';
import { workosHostOptions } from '../../worker/providers';

interface Seen {
  url: string;
  headers: Headers;
  method: string;
}

/** A fetch that records what it was asked and answers `status` with `body`. */
function recordingFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const seen: Seen[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers), method: init?.method ?? 'GET' });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }) as FetchFn;
  return { fn, seen };
}

describe('createInstrumentedFetch', () => {
  it("sends the job's X-Correlation-Id and the attempt's X-Request-Id from the call scope and logs one line without secrets or query", async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line) });
    const { fn, seen } = recordingFetch(201, { ok: true });
    const instrumented = createInstrumentedFetch({
      provider: 'convex',
      logger: silentLogger,
      timeoutMs: 5000,
      fetchImpl: fn,
    });
    const scope = {
      correlationId: 'brain-req-42',
      requestId: 'provision-acme/3/2',
      attempt: 2,
      logger: logger.child({ correlationId: 'brain-req-42' }),
    };
    const response = await runInScope(scope, () =>
      withOperation('createProject', () =>
        instrumented('http://x.test/v1/teams/1/create_project?token=secret-q', {
          method: 'POST',
          headers: { Authorization: 'Bearer super-secret' },
          body: '{}',
        }),
      ),
    );
    expect(response.status).toBe(201);
    expect(seen[0]?.headers.get('x-request-id')).toBe('provision-acme/3/2');
    expect(seen[0]?.headers.get('x-correlation-id')).toBe('brain-req-42');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer super-secret');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'provider call',
      provider: 'convex',
      operation: 'createProject',
      method: 'POST',
      path: '/v1/teams/1/create_project',
      status: 201,
      correlationId: 'brain-req-42',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(lines[0]).not.toContain('super-secret');
    expect(lines[0]).not.toContain('secret-q');
  });

  it('aborts a request that outlives the timeout', async () => {
    const hanging = ((_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as FetchFn;
    const instrumented = createInstrumentedFetch({
      provider: 'site',
      logger: silentLogger,
      timeoutMs: 20,
      fetchImpl: hanging,
    });
    await expect(instrumented('http://x.test/')).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('requestJson', () => {
  it('throws HttpError with status, headers and the parsed body on a non-2xx answer', async () => {
    const { fn } = recordingFetch(429, { code: 'RateLimited', message: 'slow down' }, { 'retry-after': '1' });
    const error = await requestJson(fn, { method: 'GET', url: 'http://x.test/v1/projects/1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const http = error as HttpError;
    expect(http.status).toBe(429);
    expect(http.code).toBe('RateLimited');
    expect(http.headers.get('retry-after')).toBe('1');
    expect(http.message).toBe('GET /v1/projects/1 answered 429: RateLimited slow down');
  });
});

describe('workosHostOptions', () => {
  it('splits a base URL into host, port and scheme', () => {
    expect(workosHostOptions('http://127.0.0.1:4010')).toEqual({ apiHostname: '127.0.0.1', port: 4010, https: false });
    expect(workosHostOptions('https://api.workos.com')).toEqual({ apiHostname: 'api.workos.com', https: true });
  });

  it('rejects a base URL with a path (the SDK cannot send it)', () => {
    expect(() => workosHostOptions('http://127.0.0.1:4010/workos')).toThrow('must not have a path');
  });
});
