/**
 * Tenant sites: `GET /_sites/{subdomain}/…` stands in for `https://{subdomain}/…` and serves the files uploaded for
 * the Pages project's live production deployment (by its manifest, with the content type given at upload), 404 when
 * none is live, 503 when the project's site state is `down`; a `slow` site holds each request for several seconds.
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

/**
 * The manifest path that serves `path`, as Pages routes a static site: the file itself, then `<path>.html` and
 * `<path>/index.html`; else the nearest `404.html` (status 404); with no 404 page, `/index.html` (a single-page app).
 */
export function resolveSitePath(
  manifest: Record<string, string>,
  path: string,
): { file: string; status: number } | undefined {
  const clean = `/${path.replace(/^\/+/, '')}`;
  const trimmed = clean.replace(/\/+$/, '');
  const candidates = [clean, `${trimmed}.html`, `${trimmed}/index.html`];
  for (const file of candidates) if (manifest[file] !== undefined) return { file, status: 200 };
  const segments = trimmed.split('/').filter(Boolean);
  for (let depth = segments.length; depth >= 0; depth--) {
    const file = `/${[...segments.slice(0, depth), '404.html'].join('/')}`;
    if (manifest[file] !== undefined) return { file, status: 404 };
  }
  return manifest['/index.html'] !== undefined ? { file: '/index.html', status: 200 } : undefined;
}

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
    const mount = `/${subdomain}`;
    const sitePath = c.req.path.slice(c.req.path.indexOf(mount) + mount.length);
    const resolved = resolveSitePath(live.manifest, sitePath);
    const hash = resolved ? live.manifest[resolved.file] : undefined;
    const asset = hash && data.cloudflare.assets.find((a) => a.projectName === project.name && a.hash === hash);
    if (!resolved || !asset) return page(404, 'Not found', '<h1>404: Not found</h1>');
    return new Response(Buffer.from(asset.base64, 'base64'), {
      status: resolved.status,
      headers: { 'content-type': asset.contentType, 'x-deployment-id': live.id, etag: `"${asset.hash}"` },
    });
  };
  const handler = operation(ctx, 'site', 'get', siteFaultResponse, serveSite);
  app.get('/:subdomain', handler);
  app.get('/:subdomain/*', handler);
  return app;
}
