import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devCredentialsSpec, ensureDevCredentials } from '../../scripts/dev-credentials';
import { loadConfig } from '../../common/config';

const dir = mkdtempSync(join(tmpdir(), 'dev-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dev credentials', () => {
  it('writes one token per role, readable by the owner only, and keeps them across restarts', () => {
    const file = join(dir, '.data', 'dev-credentials.json');
    const first = ensureDevCredentials(file);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual(['admin', 'brain', 'viewer']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureDevCredentials(file)).toEqual(first);
  });

  it('replaces a file that is not a credentials object', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"admin": 1}');
    expect(ensureDevCredentials(file).admin).toMatch(/^to_/);
  });

  it('gives the API hashes only, as named principals', () => {
    const tokens = ensureDevCredentials(join(dir, 'spec.json'));
    const spec = devCredentialsSpec(tokens);
    for (const token of Object.values(tokens)) expect(spec).not.toContain(token);
    const names = loadConfig({ API_CREDENTIALS: spec }).api.credentials.map((c) => `${c.name}:${c.role}`);
    expect(names).toEqual(['dev-viewer:viewer', 'dev-brain:brain', 'dev-admin:admin']);
  });
});
