/**
 * The dashboard's static files, read once when the routes are built: its own script and style (./assets/) and
 * Chart.js's UMD build from the installed package (node_modules), so the page needs no CDN and no network.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DashboardAsset {
  contentType: string;
  body: string;
}

/** Where chart.js keeps its UMD build: next to the CommonJS entry its package exports. */
function chartJsUmdPath(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

const JS = 'text/javascript; charset=utf-8';

let loaded: ReadonlyMap<string, DashboardAsset> | undefined;

/** The assets by file name (`chart.umd.js`, `dashboard.js`, `.css`, `favicon.svg`); read from disk on the first call. */
export function dashboardAssets(): ReadonlyMap<string, DashboardAsset> {
  const own = (file: string, contentType: string): [string, DashboardAsset] => [
    file,
    { contentType, body: readFileSync(join(__dirname, 'assets', file), 'utf8') },
  ];
  loaded ??= new Map([
    ['chart.umd.js', { contentType: JS, body: readFileSync(chartJsUmdPath(), 'utf8') }],
    own('dashboard.js', JS),
    own('dashboard.css', 'text/css; charset=utf-8'),
    own('favicon.svg', 'image/svg+xml'),
  ]);
  return loaded;
}
