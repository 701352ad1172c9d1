/**
 * Tenant sites: `GET /_sites/{subdomain}/…` stands in for `https://{subdomain}/…` and serves a small HTML page of
 * the Pages project's live production deployment (200), 404 when there is none, 503 when the project's site
 * state is `down`; a `slow` site holds each request for several seconds first.
 */
import { Hono } from 'hono';
import type { SandboxContext } from './context';
import { param } from './http';
import { operation, type FaultResponder, type SandboxEnv, type SandboxHandler } from './operation';
import { liveProductionDeployment } from './providers/cloudflare-views';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

function page(status: number, title: string, body: string, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>${body}</body></html>\n`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
}

const siteFaultResponse: FaultResponder = (kind) => {
  switch (kind) {
    case 'error_500':
      return page(500, 'Internal error', '<h1>500: Internal error</h1>');
    case 'rate_limit_429':
      return page(429, 'Too many requests', '<h1>429: Too many requests</h1>', { 'retry-after': '1' });
    case 'unauthorized_401':
      return page(401, 'Unauthorized', '<h1>401: Unauthorized</h1>');
    case 'quota_exceeded':
      return page(403, 'Quota exceeded', '<h1>This site has exceeded its plan limits</h1>');
  }
};

/** The site routes, to be mounted at `/_sites`. */
export function siteRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const serveSite: SandboxHandler = async (c) => {
    const subdomain = param(c, 'subdomain');
    const data = ctx.state.data;
    const project = data.cloudflare.projects.find((p) => p.subdomain === subdomain);
    if (!project) return page(404, 'Not found', `<h1>404: No site at ${escapeHtml(subdomain)}</h1>`);
    const state = data.siteStates[project.name];
    if (state === 'down') return page(503, 'Service unavailable', '<h1>503: This site is temporarily unavailable</h1>');
    if (state === 'slow') await ctx.sleeper.sleep(ctx.latency.slowDelayMs(), c.req.raw.signal);
    const live = liveProductionDeployment(data, project.name, ctx.sleeper.now());
    if (!live) return page(404, 'Nothing is here yet', '<h1>Nothing is here yet</h1><p>No deployment is live.</p>');
    const vars = Object.entries(live.env_vars)
      .filter(([, v]) => v.type === 'plain_text')
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v.value)}</dd>`)
      .join('');
    const body =
      `<h1>${escapeHtml(project.name)}</h1>\n<p>Deployment ${escapeHtml(live.short_id)} (${escapeHtml(live.id)})</p>\n` +
      `<dl id="env">${vars}</dl>`;
    return page(200, project.name, body, { 'x-deployment-id': live.id });
  };
  const handler = operation(ctx, 'site', 'get', siteFaultResponse, serveSite);
  app.get('/:subdomain', handler);
  app.get('/:subdomain/*', handler);
  return app;
}
