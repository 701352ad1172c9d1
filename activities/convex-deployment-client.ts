/**
 * Client of one Convex deployment (`https://<name>.convex.cloud`, or the sandbox's `/_convex/<name>`): functions
 * through the official `ConvexHttpClient` (with admin auth when a deploy key is given), the health route
 * `/instance_name` and the admin API `/api/v1/*` (code is pushed by the `convex` CLI, convex-cli.ts). The deploy key is only ever placed
 * in the `Authorization` header, which the instrumented fetch never logs.
 */
import { ConvexHttpClient } from 'convex/browser';
import { makeFunctionReference } from 'convex/server';
import { HttpError, joinUrl, requestJson, type FetchFn } from './http';

/** ConvexHttpClient's function-error status: its body is `{status:"error", errorMessage}`, read by the SDK. */
const STATUS_CODE_UDF_FAILED = 560;

export interface ConvexDeploymentClient {
  /** `GET /instance_name`: the liveness probe (no auth). */
  instanceName(): Promise<string>;
  query(name: string, args: Record<string, unknown>): Promise<unknown>;
  mutation(name: string, args: Record<string, unknown>): Promise<unknown>;
  updateEnvironmentVariables(changes: { name: string; value: string | null }[]): Promise<void>;
}

export type ConvexDeploymentClientFactory = (deploymentUrl: string, deployKey?: string) => ConvexDeploymentClient;

/**
 * A fetch for ConvexHttpClient that throws {@link HttpError} for non-2xx answers other than function errors, so
 * the status survives (ConvexHttpClient would otherwise flatten it into `Error(responseText)`).
 */
function statusPreservingFetch(fetchFn: FetchFn): FetchFn {
  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetchFn(input, init);
    if (response.ok || response.status === STATUS_CODE_UDF_FAILED) return response;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // a non-JSON error body stays text
    }
    const url = new URL(input instanceof Request ? input.url : String(input));
    throw new HttpError(response.status, response.headers, body, init?.method ?? 'GET', url.pathname);
  };
  return wrapped as FetchFn;
}

/** Builds the factory of deployment clients over the instrumented fetch of the `convex_deployment` provider. */
export function createConvexDeploymentClientFactory(fetchFn: FetchFn): ConvexDeploymentClientFactory {
  const strictFetch = statusPreservingFetch(fetchFn);
  return (deploymentUrl, deployKey) => {
    const base = deploymentUrl.replace(/\/+$/, '');
    const http = new ConvexHttpClient(base, { skipConvexDeploymentUrlCheck: true, logger: false, fetch: strictFetch });
    if (deployKey) {
      // setAdminAuth exists at runtime but is stripped from the published types.
      (http as unknown as { setAdminAuth(key: string): void }).setAdminAuth(deployKey);
    }
    const adminHeaders = (): Record<string, string> => {
      if (!deployKey) throw new Error('this call needs a deploy key');
      return { Authorization: `Convex ${deployKey}` };
    };
    return {
      instanceName: async () => {
        const response = await fetchFn(joinUrl(base, '/instance_name'), { method: 'GET' });
        const text = await response.text();
        if (!response.ok) throw new HttpError(response.status, response.headers, text, 'GET', '/instance_name');
        return text.trim();
      },
      query: (name, args) => http.query(makeFunctionReference<'query'>(name), args),
      mutation: (name, args) => http.mutation(makeFunctionReference<'mutation'>(name), args),
      updateEnvironmentVariables: (changes) =>
        requestJson<void>(fetchFn, {
          method: 'POST',
          url: joinUrl(base, '/api/v1/update_environment_variables'),
          headers: adminHeaders(),
          body: { changes },
        }),
    };
  };
}
