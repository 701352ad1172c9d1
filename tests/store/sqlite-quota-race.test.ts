/**
 * Quotas under concurrent starts from two processes: two OS processes reserve 10 tenants each for the same requester
 * against one store file, at the same moment, with a limit of 7 concurrent jobs. Exactly 7 get through, whatever the
 * interleaving (the store counts and writes in one IMMEDIATE transaction).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../store';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const tempRoot = mkdtempSync(path.join(tmpdir(), 'quota-race-'));

jest.setTimeout(120_000);

afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

function contender(storePath: string, name: string, startAt: number): Promise<{ name: string; reserved: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      TSX,
      [path.join(__dirname, 'quota-race-child.ts'), storePath, name, '10', String(startAt)],
      { cwd: REPO, timeout: 100_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

it('lets exactly the limit through when two processes reserve at once', async () => {
  const storePath = path.join(tempRoot, 'brain.sqlite');
  // Migrate first, so the contenders race on reservations, not on the schema.
  await openSqliteStore(storePath, { create: true }).close();
  // Both processes start (tsx, SDK loading) well before this moment, then reserve together.
  const startAt = Date.now() + 8_000;
  const results = await Promise.all([contender(storePath, 'a', startAt), contender(storePath, 'b', startAt)]);
  expect(results.reduce((sum, r) => sum + r.reserved, 0)).toBe(7);
  const store = openSqliteStore(storePath);
  try {
    expect(await store.listInstances({ requestedBy: 'brain-race', status: 'provisioning' })).toHaveLength(7);
  } finally {
    await store.close();
  }
});
