/**
 * `GET /dashboard`: the admins' dashboard page, and `GET /dashboard/assets/:file`: its script, style and Chart.js.
 * Both are public because they hold no data: a browser cannot send a bearer token when it navigates, so the page
 * asks for the token and reads `GET /provisioning-metrics` with it (docs/METRICS.md, "Dashboard").
 */
import { z } from 'zod';
import { dashboardAssets } from '../dashboard/dashboard-assets';
import { DASHBOARD_CSP, DASHBOARD_HTML } from '../dashboard/dashboard-html';
import { ApiError } from '../http-errors';
import type { ApiRoute } from '../route';

export function dashboardRoutes(): ApiRoute[] {
  const assets = dashboardAssets();
  const AssetParamsSchema = z.object({ file: z.enum([...assets.keys()] as [string, ...string[]]) });
  return [
    {
      method: 'GET',
      path: '/dashboard',
      operationId: 'getDashboard',
      summary: 'The dashboard page (HTML): KPIs, success rate, provisioning time, failures, health counts',
      description:
        'A static page with no data: it asks for an admin (or viewer) token, keeps it in sessionStorage and reads ' +
        '/provisioning-metrics with it. Content-Security-Policy allows only this origin.',
      tag: 'dashboard',
      role: 'public',
      responses: { 200: { description: 'text/html' } },
      handler: (c) => {
        c.header('Content-Security-Policy', DASHBOARD_CSP);
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Referrer-Policy', 'no-referrer');
        c.header('Cache-Control', 'no-cache');
        return c.html(DASHBOARD_HTML);
      },
    },
    {
      method: 'GET',
      path: '/dashboard/assets/:file',
      operationId: 'getDashboardAsset',
      summary: "The dashboard's script, style and Chart.js (served from the project, no CDN)",
      tag: 'dashboard',
      role: 'public',
      params: AssetParamsSchema,
      responses: { 200: { description: 'text/javascript or text/css' }, 404: { description: 'No such asset' } },
      handler: (c) => {
        const file = c.req.param('file') ?? '';
        const asset = assets.get(file);
        if (!asset) throw new ApiError('not_found', `No dashboard asset ${JSON.stringify(file)}`);
        c.header('Content-Type', asset.contentType);
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Cache-Control', 'no-cache');
        return c.body(asset.body);
      },
    },
  ];
}
