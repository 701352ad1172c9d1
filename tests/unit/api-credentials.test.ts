import {
  formatApiCredential,
  generateApiToken,
  hashApiToken,
  parseApiCredentials,
  roleAllows,
} from '../../common/api-credentials';
import { loadConfig } from '../../common/config';

describe('API credentials', () => {
  it('parses named, hashed credentials and never keeps the token', () => {
    const token = generateApiToken();
    const [credential] = parseApiCredentials(` ${formatApiCredential('brain-prod', 'brain', token)} ,`);
    expect(credential).toEqual({ name: 'brain-prod', role: 'brain', tokenHash: hashApiToken(token).toString('hex') });
    expect(JSON.stringify(credential)).not.toContain(token);
  });

  it('generates tokens of 256 random bits', () => {
    const a = generateApiToken();
    expect(a).toMatch(/^to_[A-Za-z0-9_-]{43}$/);
    expect(generateApiToken()).not.toBe(a);
  });

  it('names every bad entry', () => {
    const hash = 'a'.repeat(64);
    expect(() =>
      parseApiCredentials(`x:root:sha256:${hash},plain-token,y:admin:sha256:${hash},y:viewer:sha256:${hash}`),
    ).toThrow(
      'entry 1: role "root" is not one of viewer, brain, admin; entry 2 is not name:role:sha256:<64 lowercase hex>; entry 4: name "y" repeats',
    );
  });

  it('orders roles: admin may do what brain may, brain what viewer may', () => {
    expect(roleAllows('admin', 'brain')).toBe(true);
    expect(roleAllows('brain', 'viewer')).toBe(true);
    expect(roleAllows('brain', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'brain')).toBe(false);
  });
});

describe('loadConfig API access', () => {
  it('has no credential, and listens on localhost, unless configured', () => {
    const config = loadConfig({});
    expect(config.api.credentials).toEqual([]);
    expect(config.api.host).toBe('127.0.0.1');
  });

  it('rejects invalid credentials and the removed ADMIN_API_TOKEN, naming the variables', () => {
    expect(() => loadConfig({ API_CREDENTIALS: 'ops:admin:plaintext' })).toThrow('API_CREDENTIALS: entry 1');
    expect(() => loadConfig({ ADMIN_API_TOKEN: 'a-long-admin-token' })).toThrow('ADMIN_API_TOKEN: no longer read');
  });

  it('reads the rate limits and blocking', () => {
    const config = loadConfig({ API_RATE_LIMIT: '100', API_BLOCK_DURATION: '1h', API_RATE_LIMIT_STORE: 'sqlite' });
    expect(config.api.rateLimit).toEqual({ perMinute: 100, actionsPerMinute: 30, store: 'sqlite' });
    expect(config.api.blocking.durationMs).toBe(3_600_000);
    expect(() => loadConfig({ API_RATE_LIMIT_STORE: 'redis' })).toThrow('API_RATE_LIMIT_STORE');
  });
});
