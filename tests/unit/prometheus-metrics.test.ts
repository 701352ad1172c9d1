/**
 * The Prometheus series of activities/prometheus-metrics.ts as a scrape shows them (read back with the test's strict
 * exposition parser), and the worker's merge of our exposition with the Temporal SDK's.
 */
import {
  countHealthAlertSent,
  countRateLimitRejection,
  errorKindOfStatus,
  errorKindOfThrown,
  METRIC_PREFIX,
  metricsRegistry,
  observeFinishedJob,
  observeProviderCall,
  setInstanceHealthCounts,
} from '../../activities/prometheus-metrics';
import { familyNames, mergeExpositions } from '../../worker/metrics-exposition';
import { parseExposition, samplesOf, sumOf } from '../helpers/prometheus-text';

const scrape = async () => parseExposition(await metricsRegistry.metrics());

describe('our series', () => {
  it('are all named tenant_orchestrator_* and each declared once', async () => {
    const exposition = await scrape();
    const ours = [...exposition.types.keys()];
    expect(ours.length).toBeGreaterThanOrEqual(9);
    for (const name of ours) expect(name.startsWith(METRIC_PREFIX)).toBe(true);
  });

  it('observe a finished run once, with its completed steps, in seconds', async () => {
    const run = {
      jobId: 'provision-unit-metrics',
      startedAt: '2025-01-01T00:00:00.000Z',
      outcome: 'completed' as const,
      durationMs: 95_000,
      stepDurationsMs: { createConvexProject: 1_500, deployFrontend: 40_000 },
    };
    expect(observeFinishedJob(run)).toBe(true);
    expect(observeFinishedJob(run)).toBe(false);
    expect(observeFinishedJob({ ...run, startedAt: '2025-01-02T00:00:00.000Z', outcome: 'cleaned_up' })).toBe(true);
    const exposition = await scrape();
    const job = `${METRIC_PREFIX}job_duration_seconds`;
    expect(sumOf(exposition, `${job}_count`, { outcome: 'completed' })).toBe(1);
    expect(sumOf(exposition, `${job}_sum`, { outcome: 'completed' })).toBe(95);
    expect(sumOf(exposition, `${job}_bucket`, { outcome: 'completed', le: '90' })).toBe(0);
    expect(sumOf(exposition, `${job}_bucket`, { outcome: 'completed', le: '120' })).toBe(1);
    expect(sumOf(exposition, `${job}_count`, { outcome: 'cleaned_up' })).toBe(1);
    const step = `${METRIC_PREFIX}step_duration_seconds`;
    expect(sumOf(exposition, `${step}_count`, { step: 'deployFrontend' })).toBe(2);
    expect(sumOf(exposition, `${step}_sum`, { step: 'createConvexProject' })).toBe(3);
  });

  it('count a provider call and, when it failed, its error kind', async () => {
    observeProviderCall({ provider: 'workos', operation: 'createOrganization', durationMs: 120 });
    observeProviderCall({ provider: 'workos', operation: 'createOrganization', durationMs: 80, error: 'server_error' });
    const exposition = await scrape();
    const labels = { provider: 'workos', operation: 'createOrganization' };
    expect(sumOf(exposition, `${METRIC_PREFIX}provider_request_duration_seconds_count`, labels)).toBe(2);
    expect(sumOf(exposition, `${METRIC_PREFIX}provider_request_duration_seconds_sum`, labels)).toBeCloseTo(0.2);
    expect(samplesOf(exposition, `${METRIC_PREFIX}provider_request_errors_total`, labels)).toEqual([
      { name: `${METRIC_PREFIX}provider_request_errors_total`, labels: { ...labels, kind: 'server_error' }, value: 1 },
    ]);
  });

  it('set the health gauge and count alerts and rate-limit rejections by their labels', async () => {
    setInstanceHealthCounts({ active: 7, degraded: 2, down: 1 }, new Date('2025-01-01T00:00:10.000Z'));
    countHealthAlertSent('webhook', 'unhealthy');
    countRateLimitRejection('principal_actions');
    countRateLimitRejection('principal_actions');
    const exposition = await scrape();
    expect(sumOf(exposition, `${METRIC_PREFIX}instances_by_health_status`, { status: 'degraded' })).toBe(2);
    expect(sumOf(exposition, `${METRIC_PREFIX}health_sweep_last_completed_timestamp_seconds`)).toBe(1735689610);
    expect(sumOf(exposition, `${METRIC_PREFIX}health_alerts_sent_total`, { channel: 'webhook' })).toBe(1);
    expect(sumOf(exposition, `${METRIC_PREFIX}api_rate_limit_rejections_total`, { reason: 'principal_actions' })).toBe(
      2,
    );
  });
});

describe('error kinds', () => {
  it('follow the status class, and what happened when there was no answer', () => {
    expect([200, 204, 304, 404, 429, 401, 500, 503].map(errorKindOfStatus)).toEqual([
      undefined,
      undefined,
      undefined,
      'not_found',
      'rate_limited',
      'client_error',
      'server_error',
      'server_error',
    ]);
    expect(errorKindOfThrown(new DOMException('late', 'TimeoutError'))).toBe('timeout');
    expect(errorKindOfThrown(Object.assign(new Error('stop'), { name: 'AbortError' }))).toBe('cancelled');
    expect(errorKindOfThrown(new TypeError('fetch failed'))).toBe('network');
  });
});

describe('the worker exposition merge', () => {
  const ours = [
    '# HELP tenant_orchestrator_x_total x',
    '# TYPE tenant_orchestrator_x_total counter',
    'tenant_orchestrator_x_total 1',
    '# HELP process_cpu_seconds_total cpu',
    '# TYPE process_cpu_seconds_total counter',
    'process_cpu_seconds_total 2',
    '',
  ].join('\n');
  const sdk = [
    '# HELP temporal_request_latency_seconds latency',
    '# TYPE temporal_request_latency_seconds histogram',
    'temporal_request_latency_seconds_bucket{le="+Inf"} 3',
    'temporal_request_latency_seconds_sum 0.5',
    'temporal_request_latency_seconds_count 3',
    '# HELP process_cpu_seconds_total cpu of core',
    '# TYPE process_cpu_seconds_total counter',
    'process_cpu_seconds_total 9',
  ].join('\n');

  it('keeps ours and the SDK families, leaving out an SDK family that has one of our names', () => {
    const merged = mergeExpositions(ours, sdk);
    expect(merged.dropped).toEqual(['process_cpu_seconds_total']);
    const exposition = parseExposition(merged.text);
    expect([...exposition.types.keys()]).toEqual([
      'tenant_orchestrator_x_total',
      'process_cpu_seconds_total',
      'temporal_request_latency_seconds',
    ]);
    expect(sumOf(exposition, 'process_cpu_seconds_total')).toBe(2);
    expect(sumOf(exposition, 'temporal_request_latency_seconds_count')).toBe(3);
    expect(merged.text.endsWith('\n')).toBe(true);
  });

  it('names the families of a text by their declared base name', () => {
    expect([...familyNames(sdk)].sort()).toEqual(['process_cpu_seconds_total', 'temporal_request_latency_seconds']);
  });
});

describe('the exposition parser of the tests', () => {
  it('reads escaped label values and refuses a family declared twice or a malformed sample', () => {
    const exposition = parseExposition('# TYPE a gauge\na{path="C:\\\\x",msg="say \\"hi\\"\\n"} 1.5 1700000000\n');
    expect(exposition.samples).toEqual([{ name: 'a', labels: { path: 'C:\\x', msg: 'say "hi"\n' }, value: 1.5 }]);
    expect(() => parseExposition('# TYPE a gauge\n# TYPE a gauge\n')).toThrow(/declared twice/);
    expect(() => parseExposition('a{b="c"} one\n')).toThrow(/bad sample value/);
    expect(() => parseExposition('a{b=c} 1\n')).toThrow(/=" expected/);
  });
});
