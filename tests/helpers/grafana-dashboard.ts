/**
 * The Grafana dashboard of docs/grafana/tenant-orchestrator.json as tests read it: its panels and the metric families
 * its PromQL expressions query (histogram samples by their family name).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DASHBOARD_PATH = resolve(__dirname, '../../docs/grafana/tenant-orchestrator.json');

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { expr: string; refId: string; datasource?: { uid: string } }[];
}

export interface Dashboard {
  schemaVersion: number;
  uid: string;
  title: string;
  panels: DashboardPanel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

/** Families whose names start with `prefix` that the dashboard's expressions query. */
export function queriedFamilies(dashboard: Dashboard, prefix: string): Set<string> {
  const families = new Set<string>();
  const pattern = new RegExp(`\\b${prefix}[A-Za-z0-9_]*`, 'g');
  for (const panel of dashboard.panels) {
    for (const target of panel.targets ?? []) {
      for (const [name] of target.expr.matchAll(pattern)) families.add(name.replace(/_(bucket|sum|count)$/, ''));
    }
  }
  return families;
}
