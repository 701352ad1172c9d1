/**
 * The three checks of an instance's health (docs/RUNBOOK.md, Health): its Convex deployment answers `health:ping`
 * through the functions API (`/api/query`, as ConvexHttpClient calls it), its latest production Pages deployment is
 * live, its site answers 2xx, each within HEALTH_CHECK_TIMEOUT and timed. A check reports, it never throws.
 *
 * Provider limits: site and Convex checks go to the tenant's own URLs. The Pages check never calls Cloudflare per
 * instance: a sweep reads the Pages project list once (100 projects per request) and every instance is checked
 * against its `latest_deployment`; Cloudflare allows 1,200 requests per 5 minutes per token, a list of 10,000
 * projects takes 100. A 429 waits its Retry-After (bounded) and tries again; still limited, the check is `unknown`,
 * which changes no status. A `failed` answer is confirmed by a second attempt a second later.
 */
import type { ProvisionedResources } from '../workflows/contracts/provision-tenant';
import type { HealthCheck, HealthCheckName } from '../workflows/contracts/health-sweep';
import { withOperation } from './call-context';
import type { ActivityDeps } from './deps';
import { errorFacts } from './errors';
import { isDeploymentLive } from './pages-deployment';

/** Longest Retry-After a check waits for; longer ones leave the check `unknown`. */
const MAX_RATE_LIMIT_WAIT_MS = 5_000;
/** Attempts of one Pages list page under 429s before the snapshot is given up (the Pages checks are `unknown`). */
const PAGES_LIST_ATTEMPTS = 6;
const PAGES_PER_PAGE = 100;

export type HealthCheckDeps = Pick<ActivityDeps, 'providers' | 'config'>;

/** Latest production deployment of each Pages project, from one read of the project list. */
export interface PagesSnapshot {
  /** False when the list could not be read (rate limited): every Pages check is then `unknown`. */
  available: boolean;
  detail: string;
  projects: Map<string, { live: boolean; stage: string; deploymentId: string | null }>;
  /** Cloudflare API requests the snapshot took (429s included). */
  requests: number;
}

class Timeout extends Error {
  override readonly name = 'HealthCheckTimeout';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Timeout(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([fn(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

interface Attempt {
  /** A result the check decided, or `rate_limited` with the wait the provider asked for. */
  outcome: Omit<HealthCheck, 'check' | 'latencyMs'> | { rateLimitedMs: number };
  latencyMs: number | null;
}

/** Wait before a second attempt confirms a `failed` answer (one lost packet or restart does not make a tenant down). */
const CONFIRM_DELAY_MS = 1_000;

/**
 * Runs `attempt`, and once more: after a 429 with a bounded Retry-After (a second 429 leaves the check `unknown`), or
 * after a `failed` answer, which only the second attempt confirms.
 */
async function decide(check: HealthCheckName, attempt: () => Promise<Attempt>): Promise<HealthCheck> {
  let result = await attempt();
  if ('rateLimitedMs' in result.outcome) {
    const waitMs = result.outcome.rateLimitedMs;
    if (waitMs <= MAX_RATE_LIMIT_WAIT_MS) {
      await sleep(waitMs);
      result = await attempt();
    }
  } else if (result.outcome.result === 'failed') {
    await sleep(CONFIRM_DELAY_MS);
    result = await attempt();
  }
  if ('rateLimitedMs' in result.outcome) {
    return { check, result: 'unknown', latencyMs: result.latencyMs, detail: 'rate limited (429): not decided' };
  }
  return { check, ...result.outcome, latencyMs: result.latencyMs };
}

function rateLimitWait(err: unknown): number | undefined {
  const facts = errorFacts(err);
  return facts.status === 429 ? (facts.retryAfterMs ?? 1_000) : undefined;
}

function okOrSlow(deps: HealthCheckDeps, latencyMs: number, detail: string): Attempt {
  const slow = latencyMs > deps.config.health.slowThresholdMs;
  return {
    outcome: { result: slow ? 'slow' : 'ok', detail: slow ? `${detail} (slow: ${latencyMs} ms)` : detail },
    latencyMs,
  };
}

/** No answer (network error, timeout) or a 5xx: latency is null, there was no answer to time. */
function unreachable(err: unknown): Attempt {
  const message = err instanceof Error ? err.message : String(err);
  return { outcome: { result: 'failed', detail: message.slice(0, 300) }, latencyMs: null };
}

/** The site answers 2xx: `failed` for any other status, a timeout or a network error. */
export function checkSite(deps: HealthCheckDeps, siteUrl: string | undefined): Promise<HealthCheck> {
  if (!siteUrl) return Promise.resolve({ check: 'site', result: 'failed', latencyMs: null, detail: 'no site URL' });
  return decide('site', async () => {
    const started = performance.now();
    try {
      const status = await withOperation('healthSite', () =>
        withTimeout(deps.config.health.checkTimeoutMs, async (signal) => {
          const response = await deps.providers.fetch(siteUrl, { method: 'GET', signal });
          await response.arrayBuffer();
          return { code: response.status, retryAfter: response.headers.get('retry-after') };
        }),
      );
      const latencyMs = Math.round(performance.now() - started);
      if (status.code === 429) return { outcome: { rateLimitedMs: Number(status.retryAfter ?? 1) * 1000 }, latencyMs };
      if (status.code < 200 || status.code >= 300) {
        return { outcome: { result: 'failed', detail: `site answered ${status.code}` }, latencyMs };
      }
      return okOrSlow(deps, latencyMs, `site answered ${status.code}`);
    } catch (err) {
      return unreachable(err);
    }
  });
}

/**
 * The deployment answers `health:ping`: `failed` when unreachable (network, timeout, 5xx, deployment not found),
 * `error` when it answers but the query fails (e.g. the tenant backend is not deployed).
 */
export function checkConvex(deps: HealthCheckDeps, deploymentUrl: string | undefined): Promise<HealthCheck> {
  if (!deploymentUrl) {
    return Promise.resolve({ check: 'convex', result: 'failed', latencyMs: null, detail: 'no deployment URL' });
  }
  return decide('convex', async () => {
    const started = performance.now();
    try {
      const pong = await withOperation('healthPing', () =>
        withTimeout(deps.config.health.checkTimeoutMs, () =>
          deps.providers.convexDeployment(deploymentUrl).query('health:ping', {}),
        ),
      );
      return okOrSlow(deps, Math.round(performance.now() - started), `health:ping returned ${JSON.stringify(pong)}`);
    } catch (err) {
      const latencyMs = Math.round(performance.now() - started);
      const waitMs = rateLimitWait(err);
      if (waitMs !== undefined) return { outcome: { rateLimitedMs: waitMs }, latencyMs };
      const { status, network, message } = errorFacts(err);
      const answered =
        !(err instanceof Timeout) && !network && (status === undefined || (status < 500 && status !== 404));
      if (answered)
        return { outcome: { result: 'error', detail: `health:ping failed: ${message.slice(0, 300)}` }, latencyMs };
      return unreachable(err);
    }
  });
}

/** The instance's Pages project in the snapshot: its latest production deployment must be live. */
export function checkPages(snapshot: PagesSnapshot, projectName: string | undefined): HealthCheck {
  if (!snapshot.available) return { check: 'pages', result: 'unknown', latencyMs: null, detail: snapshot.detail };
  const project = projectName ? snapshot.projects.get(projectName) : undefined;
  if (!project) return { check: 'pages', result: 'error', latencyMs: null, detail: `no Pages project ${projectName}` };
  if (!project.live) {
    return {
      check: 'pages',
      result: 'error',
      latencyMs: null,
      detail: `latest production deployment ${project.deploymentId ?? '(none)'} is not live (${project.stage})`,
    };
  }
  return { check: 'pages', result: 'ok', latencyMs: null, detail: `deployment ${project.deploymentId} is live` };
}

/** Every check of one instance (the Pages one from the sweep's snapshot). */
export async function checkInstance(
  deps: HealthCheckDeps,
  resources: ProvisionedResources,
  pages: PagesSnapshot,
): Promise<HealthCheck[]> {
  const [convex, site] = await Promise.all([
    checkConvex(deps, resources.convexDeploymentUrl),
    checkSite(deps, resources.siteUrl),
  ]);
  return [convex, checkPages(pages, resources.pagesProjectName), site];
}

/**
 * Reads the Pages project list once (`per_page` 100). A 429 waits its Retry-After (at most 30 s) and asks for the
 * same page again, up to {@link PAGES_LIST_ATTEMPTS} times; then the snapshot is unavailable, never an error.
 * `onWait` heartbeats during long waits.
 */
export async function readPagesSnapshot(deps: HealthCheckDeps, onWait: () => void = () => {}): Promise<PagesSnapshot> {
  const accountId = deps.config.providers.cloudflare.accountId;
  const projects: PagesSnapshot['projects'] = new Map();
  let requests = 0;
  for (let page = 1; ; page += 1) {
    let items: Awaited<ReturnType<typeof listPage>> | undefined;
    for (let attempt = 1; items === undefined; attempt += 1) {
      requests += 1;
      try {
        items = await listPage(deps, accountId, page);
      } catch (err) {
        const waitMs = rateLimitWait(err);
        const message = err instanceof Error ? err.message : String(err);
        if (waitMs === undefined || attempt >= PAGES_LIST_ATTEMPTS) {
          const why = waitMs === undefined ? message : `rate limited (429) ${attempt} times`;
          return {
            available: false,
            detail: `Pages project list unavailable: ${why.slice(0, 200)}`,
            projects,
            requests,
          };
        }
        onWait();
        await sleep(Math.min(waitMs, 30_000));
      }
    }
    for (const project of items.result) {
      const latest = project.latest_deployment ?? null;
      projects.set(project.name, {
        live: latest !== null && latest.environment === 'production' && isDeploymentLive(latest),
        stage: latest ? `${latest.latest_stage?.name}/${latest.latest_stage?.status}` : 'no deployment',
        deploymentId: latest?.id ?? null,
      });
    }
    if (items.result.length < PAGES_PER_PAGE) break;
  }
  return { available: true, detail: `${projects.size} Pages projects listed`, projects, requests };
}

async function listPage(deps: HealthCheckDeps, accountId: string, page: number) {
  return withOperation('listProjects', async () => {
    const list = await deps.providers.cloudflare.pages.projects.list({
      account_id: accountId,
      page,
      per_page: PAGES_PER_PAGE,
    });
    return { result: list.getPaginatedItems() };
  });
}

/** The snapshot of one project (a one-instance live check: one call instead of the whole list). */
export async function readPagesProject(deps: HealthCheckDeps, projectName: string | undefined): Promise<PagesSnapshot> {
  const projects: PagesSnapshot['projects'] = new Map();
  if (!projectName) return { available: true, detail: 'no Pages project', projects, requests: 0 };
  try {
    const project = await withOperation('getProject', () =>
      deps.providers.cloudflare.pages.projects.get(projectName, {
        account_id: deps.config.providers.cloudflare.accountId,
      }),
    );
    const latest = project.latest_deployment ?? null;
    projects.set(project.name, {
      live: latest !== null && isDeploymentLive(latest),
      stage: latest ? `${latest.latest_stage?.name}/${latest.latest_stage?.status}` : 'no deployment',
      deploymentId: latest?.id ?? null,
    });
    return { available: true, detail: 'project read', projects, requests: 1 };
  } catch (err) {
    const facts = errorFacts(err);
    if (facts.status === 404) return { available: true, detail: 'no such project', projects, requests: 1 };
    return {
      available: false,
      detail: `Pages project unavailable: ${facts.message.slice(0, 200)}`,
      projects,
      requests: 1,
    };
  }
}
