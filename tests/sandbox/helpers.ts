/**
 * Test helpers for the sandbox's own tests: an in-process sandbox on a random port with captured log lines, a fake
 * clock (sleeps return at once and advance time, recording what was asked), and a small JSON fetch helper.
 */
import type Cloudflare from 'cloudflare';
import { makeFunctionReference } from 'convex/server';
import { createConvexCli, type ConvexDeployOutcome } from '../../activities/convex-cli';
import { contentTypeOf, pagesAssetHash } from '../../activities/pages-upload';
import type { SandboxClock } from '../../sandbox/clock';
import type { inventory as renderInventory } from '../../sandbox/inventory';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server';
import { createJsonLogger } from '../../common/logging';

export interface TestSandbox {
  sandbox: RunningSandbox;
  url: string;
  /** JSON log lines the sandbox wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  const sandbox = await startSandbox({ port: 0, seed: 42, logger, ...options });
  return { sandbox, url: sandbox.url, logs, close: () => sandbox.close() };
}

export interface FakeClock {
  clock: SandboxClock;
  /** Every duration the sandbox asked to sleep, in order. */
  sleeps: number[];
  advance(ms: number): void;
  now(): number;
}

/** A clock whose sleeps return at once and move time forward by the requested amount. */
export function fakeClock(start = Date.UTC(2030, 0, 1)): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    sleeps,
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
  };
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Sends a request with an optional JSON body; parses the answer as JSON when it is JSON. */
export async function request<T = unknown>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown; signal?: AbortSignal } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal: init.signal,
  });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** Adds a fault through the control API and returns the created rule. */
export async function addFault(
  url: string,
  fault: Record<string, unknown>,
): Promise<{ id: string; fired: number; remaining: number | null }> {
  const res = await request<{ id: string; fired: number; remaining: number | null }>(`${url}/_sandbox/faults`, {
    json: fault,
  });
  if (res.status !== 201) throw new Error(`fault not added: ${res.status} ${res.text}`);
  return res.body;
}

export type Inventory = ReturnType<typeof renderInventory>;

export async function inventory(url: string): Promise<Inventory> {
  return (await request<Inventory>(`${url}/_sandbox/inventory`)).body;
}

/** Headers of a Convex Management API call. */
export const convexAuth = { authorization: 'Bearer sandbox-convex-token' };

/**
 * Uploads `files` (site path → text) to a Pages project by the direct-upload protocol with the official SDK and
 * returns the manifest to create a deployment with.
 */
export async function uploadPagesFiles(
  cf: Cloudflare,
  accountId: string,
  projectName: string,
  files: Record<string, string>,
): Promise<string> {
  const { jwt } = await cf.pages.projects.getUploadToken(projectName, { account_id: accountId });
  const headers = { Authorization: `Bearer ${jwt}` };
  const entries = Object.entries(files).map(([path, text]) => {
    const content = Buffer.from(text);
    return { path, content, hash: pagesAssetHash({ path, content }), contentType: contentTypeOf(path) };
  });
  await cf.pages.assets.upload(
    {
      body: entries.map((e) => ({
        key: e.hash,
        value: e.content.toString('base64'),
        metadata: { contentType: e.contentType },
        base64: true,
      })),
    },
    { headers },
  );
  return JSON.stringify(Object.fromEntries(entries.map((e) => [`/${e.path}`, e.hash])));
}

/** Runs the `convex` CLI's `convex deploy` of tenant-backend/ against the sandbox with `deployKey`. */
export function convexDeploy(sandboxUrl: string, deployKey: string): Promise<ConvexDeployOutcome> {
  return createConvexCli({ provisionHost: sandboxUrl, concurrency: 1, timeoutMs: 120_000 }).deploy(deployKey);
}

export interface CreatedConvexDeployment {
  deploymentName: string;
  deploymentUrl: string;
  /** A deploy key named `provisioner` of the deployment. */
  deployKey: string;
}

/** A Convex project with a prod deployment and a deploy key, through the sandbox's Management API. */
export async function createConvexDeployment(url: string, projectName: string): Promise<CreatedConvexDeployment> {
  const project = await request<Omit<CreatedConvexDeployment, 'deployKey'>>(`${url}/v1/teams/1/create_project`, {
    headers: convexAuth,
    json: { projectName, deploymentType: 'prod' },
  });
  const key = await request<{ deployKey: string }>(
    `${url}/v1/deployments/${project.body.deploymentName}/create_deploy_key`,
    { headers: convexAuth, json: { name: 'provisioner' } },
  );
  return { ...project.body, deployKey: key.body.deployKey };
}

/** References to the tenant backend's functions (tenant-backend/convex). */
export const ping = makeFunctionReference<'query'>('health:ping');
export const getTenant = makeFunctionReference<'query'>('tenant:get');
export const configure = makeFunctionReference<'mutation'>('tenant:configure');
