/**
 * docs/grafana/tenant-orchestrator.json loads in Grafana as written: a schema-39 dashboard whose every query goes
 * through the datasource variable and asks only for series this project defines (the Temporal SDK's are checked
 * against a real worker's scrape in tests/infra/metrics-endpoints.test.ts).
 */
import { metricsRegistry } from '../../activities/prometheus-metrics';
import { queriedFamilies, readDashboard } from '../helpers/grafana-dashboard';

const dashboard = readDashboard();

describe('the Grafana dashboard', () => {
  it('is a schema-39 dashboard with a Prometheus datasource variable', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.uid).toBe('tenant-orchestrator');
    const variable = dashboard.templating.list.find((v) => v.name === 'datasource');
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
  });

  it('queries through the datasource variable, with unique panel IDs and query refIds', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queried = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThan(15);
    for (const panel of queried) {
      expect([panel.title, panel.datasource?.uid]).toEqual([panel.title, '${datasource}']);
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect([panel.title, new Set(refIds).size, refIds.length > 0]).toEqual([panel.title, refIds.length, true]);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${datasource}');
    }
  });

  it('lays its panels out on the 24-column grid without overlaps', () => {
    const cells = new Set<string>();
    for (const { title, gridPos } of dashboard.panels) {
      expect([title, gridPos.x + gridPos.w <= 24]).toEqual([title, true]);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect([title, cells.has(`${x},${y}`)]).toEqual([title, false]);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('asks only for tenant_orchestrator_* series that are defined, and for each of them', async () => {
    const defined = (await metricsRegistry.getMetricsAsJSON()).map((m) => m.name);
    const queried = queriedFamilies(dashboard, 'tenant_orchestrator_');
    for (const family of queried) expect([family, defined.includes(family)]).toEqual([family, true]);
    expect([...queried].sort()).toEqual([...defined].sort());
  });
});
