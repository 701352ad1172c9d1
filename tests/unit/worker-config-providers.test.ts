/** loadConfig: the provider settings issue 8 added (SendGrid sender, the `convex` CLI's host and concurrency). */
import { ConfigError, loadConfig } from '../../common/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig providers', () => {
  it('refuses a real SendGrid key without MAIL_FROM (a real SendGrid refuses unverified senders)', () => {
    expect(problemsOf({ SENDGRID_API_KEY: 'SG.real' })).toEqual(['MAIL_FROM: required when SENDGRID_API_KEY is set']);
    const config = loadConfig({
      SENDGRID_API_KEY: 'SG.real',
      MAIL_FROM: 'ops@brain.example',
    });
    expect(config.providers.sendgrid).toMatchObject({ sandbox: false, from: 'ops@brain.example' });
  });

  it('points the convex CLI at the sandbox by default, at Convex with a real token, and bounds deploys', () => {
    const sandbox = loadConfig({ SANDBOX_URL: 'http://127.0.0.1:4999' }).providers.convex;
    expect(sandbox).toMatchObject({ provisionHost: 'http://127.0.0.1:4999', deployConcurrency: 2 });
    const real = loadConfig({
      CONVEX_ACCESS_TOKEN: 'x',
      CONVEX_TEAM_ID: '7',
    }).providers.convex;
    expect(real.provisionHost).toBeUndefined();
    const custom = loadConfig({ CONVEX_MANAGEMENT_URL: 'https://convex.internal/v1', CONVEX_DEPLOY_CONCURRENCY: '4' });
    expect(custom.providers.convex).toMatchObject({ provisionHost: 'https://convex.internal', deployConcurrency: 4 });
    expect(problemsOf({ CONVEX_DEPLOY_CONCURRENCY: '0' })).toEqual([
      expect.stringContaining('CONVEX_DEPLOY_CONCURRENCY'),
    ]);
  });
});
