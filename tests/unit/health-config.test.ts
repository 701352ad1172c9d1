/** The health variables of loadConfig: defaults, per-status thresholds, recipients, and the webhook's secret. */
import { loadConfig } from '../../common/config';

describe('health configuration', () => {
  it('defaults to 5-minute sweeps and 10-minute alerts, with no recipients', () => {
    expect(loadConfig({}).health).toEqual({
      sweepIntervalMs: 300_000,
      batchSize: 500,
      parallelBatches: 4,
      checkConcurrency: 100,
      checkTimeoutMs: 10_000,
      slowThresholdMs: 2_000,
      alertThresholdMs: { down: 600_000, degraded: 600_000 },
      alertEmails: [],
      webhook: null,
    });
  });

  it('takes a threshold per status, recipients and a signed webhook', () => {
    const health = loadConfig({
      HEALTH_ALERT_THRESHOLD: '15m',
      HEALTH_ALERT_THRESHOLD_DOWN: '2m',
      HEALTH_ALERT_EMAILS: 'ops@example.com, oncall@example.com',
      HEALTH_ALERT_WEBHOOK_URL: 'https://hooks.example.com/brain',
      HEALTH_ALERT_WEBHOOK_SECRET: 'sixteen-chars-at-least',
    }).health;
    expect(health.alertThresholdMs).toEqual({ down: 120_000, degraded: 900_000 });
    expect(health.alertEmails).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(health.webhook).toEqual({ url: 'https://hooks.example.com/brain', secret: 'sixteen-chars-at-least' });
  });

  it('names the problem: a webhook without its secret, a bad recipient, a bad duration', () => {
    expect(() => loadConfig({ HEALTH_ALERT_WEBHOOK_URL: 'https://hooks.example.com/brain' })).toThrow(
      /HEALTH_ALERT_WEBHOOK_SECRET: required when HEALTH_ALERT_WEBHOOK_URL is set/,
    );
    expect(() => loadConfig({ HEALTH_ALERT_EMAILS: 'ops@example.com,not-an-address' })).toThrow(
      /HEALTH_ALERT_EMAILS: not an email address: not-an-address/,
    );
    expect(() => loadConfig({ HEALTH_SWEEP_INTERVAL: 'often' })).toThrow(/HEALTH_SWEEP_INTERVAL/);
  });
});
