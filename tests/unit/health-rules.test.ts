/** The health rules (activities/health-rules.ts): status from checks, unhealthy-since, alert decisions. */
import { decideAlert, deriveHealthStatus, nextHealthState } from '../../activities/health-rules';
import type { HealthCheck, HealthCheckResult } from '../../workflows/contracts/health-sweep';

const checks = (convex: HealthCheckResult, pages: HealthCheckResult, site: HealthCheckResult) =>
  [
    { check: 'convex', result: convex },
    { check: 'pages', result: pages },
    { check: 'site', result: site },
  ] satisfies Pick<HealthCheck, 'check' | 'result'>[];

describe('deriveHealthStatus', () => {
  it.each([
    ['every check ok', checks('ok', 'ok', 'ok'), 'active'],
    ['site unreachable', checks('ok', 'ok', 'failed'), 'down'],
    ['Convex unreachable', checks('failed', 'ok', 'ok'), 'down'],
    ['site slow', checks('ok', 'ok', 'slow'), 'degraded'],
    ['Convex slow', checks('slow', 'ok', 'ok'), 'degraded'],
    ['health:ping fails while the deployment answers', checks('error', 'ok', 'ok'), 'degraded'],
    ['Pages deployment not live (non-critical)', checks('ok', 'error', 'ok'), 'degraded'],
    ['Pages check failed (non-critical)', checks('ok', 'failed', 'ok'), 'degraded'],
    ['down wins over slow', checks('slow', 'error', 'failed'), 'down'],
  ] as const)('%s → %s', (_, given, expected) => {
    expect(deriveHealthStatus(given, 'active')).toBe(expected);
  });

  it('decides nothing when every check is unknown', () => {
    expect(deriveHealthStatus(checks('unknown', 'unknown', 'unknown'), 'down')).toBeUndefined();
  });

  it('never improves on the previous status with an unknown check (a 429 cannot heal a down instance)', () => {
    expect(deriveHealthStatus(checks('ok', 'ok', 'unknown'), 'down')).toBe('down');
    expect(deriveHealthStatus(checks('ok', 'unknown', 'ok'), 'degraded')).toBe('degraded');
    expect(deriveHealthStatus(checks('ok', 'unknown', 'ok'), 'active')).toBe('active');
    expect(deriveHealthStatus(checks('ok', 'unknown', 'failed'), 'active')).toBe('down');
  });
});

describe('nextHealthState', () => {
  const T1 = '2025-01-01T00:05:00.000Z';
  const T0 = '2025-01-01T00:00:00.000Z';
  it('starts an episode at the first unhealthy check and keeps it through status changes', () => {
    expect(nextHealthState({ status: 'active', unhealthySince: null }, 'down', T1)).toEqual({
      status: 'down',
      unhealthySince: T1,
    });
    expect(nextHealthState({ status: 'degraded', unhealthySince: T0 }, 'down', T1)).toEqual({
      status: 'down',
      unhealthySince: T0,
    });
  });
  it('ends the episode when healthy', () => {
    expect(nextHealthState({ status: 'down', unhealthySince: T0 }, 'active', T1)).toEqual({
      status: 'active',
      unhealthySince: null,
    });
  });
});

describe('decideAlert', () => {
  const since = '2025-01-01T00:00:00.000Z';
  const at = (minutes: number) => Date.parse(since) + minutes * 60_000;
  const thresholds = { down: 10 * 60_000, degraded: 30 * 60_000 };

  it('raises once the episode lasts longer than the threshold of its status', () => {
    expect(decideAlert({ status: 'down', unhealthySince: since }, false, at(9), thresholds)).toEqual({
      action: 'none',
    });
    expect(decideAlert({ status: 'down', unhealthySince: since }, false, at(10), thresholds)).toEqual({
      action: 'raise',
      since,
    });
    expect(decideAlert({ status: 'degraded', unhealthySince: since }, false, at(10), thresholds)).toEqual({
      action: 'none',
    });
  });

  it('does not repeat while an alert is open, and resolves it once healthy', () => {
    expect(decideAlert({ status: 'down', unhealthySince: since }, true, at(60), thresholds)).toEqual({
      action: 'none',
    });
    expect(decideAlert({ status: 'active', unhealthySince: null }, true, at(61), thresholds)).toEqual({
      action: 'resolve',
    });
    expect(decideAlert({ status: 'active', unhealthySince: null }, false, at(62), thresholds)).toEqual({
      action: 'none',
    });
  });
});
