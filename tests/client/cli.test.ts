/**
 * The admin CLI end to end: each verb runs as its own process (`tsx client/cli/main.ts`), configured by environment
 * like an admin's shell, against the test stack's dev server, sandbox, store and worker.
 */
import BetterSqlite3 from 'better-sqlite3';
import { silentLogger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { uniqueTenantId } from '../workflows/workflow-test-utils';
import { runCliProcess, type CliResult } from './cli-process';

// Every verb is a fresh process (tsx + SDKs load in seconds on a busy machine): give the suite room.
jest.setTimeout(300_000);

let stack: TestStack;

beforeAll(async () => {
  // Each CLI process takes seconds to start: give a failed job time to be listed and retried before cleanup.
  stack = await startTestStack({ env: { PROVISION_CLEANUP_GRACE: '2m', ORPHAN_MIN_AGE: '0ms' } });
});

afterEach(async () => {
  await stack.faults.clear();
});

afterAll(async () => {
  await stack?.close();
});

/** Runs one CLI verb as its own process, with the orphan age of the tests. */
function cli(...args: string[]): Promise<CliResult> {
  return runCliProcess(stack, args, { ORPHAN_MIN_AGE: '0' });
}

function provisionArgs(tenantId: string, ...extra: string[]): string[] {
  return [
    'provision',
    '--tenant-id',
    tenantId,
    '--name',
    `Tenant ${tenantId}`,
    '--plan',
    'pro',
    '--owner-email',
    `owner+${tenantId}@example.com`,
    '--owner-name',
    'Olive Owner',
    ...extra,
  ];
}

async function eventually(run: () => Promise<CliResult>, accept: (r: CliResult) => boolean): Promise<CliResult> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await run();
    if (accept(result)) return result;
    if (Date.now() > deadline) throw new Error(`condition not met; last result: ${JSON.stringify(result)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('provision', () => {
  it('follows a job to completion with one progress line per change and exits 0', async () => {
    const tenantId = uniqueTenantId('cli-ok');
    const result = await cli(...provisionArgs(tenantId));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Started job provision-${tenantId} \\(run [0-9a-f-]+\\)\\.$`));
    const progressLines = lines.filter((l) => l.startsWith('['));
    expect(progressLines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(progressLines).size).toBe(progressLines.length);
    expect(progressLines.at(-1)).toMatch(/^\[##########\] 100% completed \(9\/9\) in \d+(ms|s)$/);
    expect(result.stdout).toContain(`Tenant ${tenantId} is ready`);
    expect(result.stdout).toMatch(/^Site\s+http/m);
    expect(result.stdout).not.toContain('\r');
  });

  it('exits 2 naming the flags of invalid input, starting nothing', async () => {
    const tenantId = uniqueTenantId('cli-bad');
    const result = await cli(
      'provision',
      '--tenant-id',
      tenantId,
      '--name',
      'X',
      '--plan',
      'gold',
      '--owner-email',
      'nope',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--plan \(plan\): /);
    expect(result.stderr).toMatch(/--owner-email \(owner\.email\): /);
    expect(result.stderr).toMatch(/--owner-name \(owner\.name\): /);
    expect((await cli('status', `provision-${tenantId}`)).code).toBe(1);
  });

  it('starts without following, then finds the existing job and follows it', async () => {
    const tenantId = uniqueTenantId('cli-nofollow');
    const started = await cli(...provisionArgs(tenantId, '--no-follow'));
    expect(started.code).toBe(0);
    expect(started.stdout).toContain(`Follow it with: npm run cli -- status provision-${tenantId}`);
    const again = await cli(...provisionArgs(tenantId));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^Job provision-${tenantId} already exists \\((running|completed), run`));
    expect(again.stdout).toContain(`Tenant ${tenantId} is ready`);
  });
});

describe('a failed job', () => {
  it('exits 1 with the failure, is retried from the CLI, and shows in status and list', async () => {
    const tenantId = uniqueTenantId('cli-fail');
    const jobId = `provision-${tenantId}`;
    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401', count: 1 });
    const failed = await cli(...provisionArgs(tenantId));
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`Job ${jobId} failed at createPagesProject: ProviderAuthFailed:`);
    expect(failed.stdout).toContain(`Retry with: npm run cli -- retry ${jobId}`);

    const listed = await eventually(
      () => cli('list', '--status', 'failed', '--tenant-id', tenantId, '--json'),
      (r) => r.code === 0 && (JSON.parse(r.stdout) as unknown[]).length === 1,
    );
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ jobId, status: 'failed', plan: 'pro' })]);

    const retried = await cli('retry', jobId, '--requested-by', 'ops');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`Retry 1 of ${jobId} requested by ops.`);

    const done = await eventually(
      () => cli('status', jobId, '--json'),
      (r) => r.code === 0 && (JSON.parse(r.stdout) as { status: string }).status === 'completed',
    );
    expect(JSON.parse(done.stdout)).toMatchObject({ jobId, retryCount: 1, retries: [{ requestedBy: 'ops' }] });

    const table = await cli('status', jobId);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Status\s+completed$/m);
    expect(table.stdout).toMatch(/^Retries\s+1 \(last by ops at /m);
    expect(table.stdout).toMatch(/^createPagesProject\s+completed\s+1\s+/m);

    const cancel = await cli('cancel', jobId);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain('error (job_not_running)');
    const retryAgain = await cli('retry', jobId);
    expect(retryAgain.code).toBe(1);
    expect(retryAgain.stderr).toContain('error (job_not_failed)');

    const audit = await stack.store.listAudit({ target: jobId });
    expect(audit.map((e) => [e.source, e.action, e.outcome])).toEqual([
      ['cli', 'job.start', 'ok'],
      ['cli', 'job.retry', 'ok'],
      ['cli', 'job.cancel', 'error:job_not_running'],
      ['cli', 'job.retry', 'error:job_not_failed'],
    ]);
    expect(audit[1]?.actor).toMatch(/^cli:.+ \(on behalf of ops\)$/);
  });
});

describe('orphans', () => {
  it('scans, lists, dry-runs and cleans up a stray resource', async () => {
    const tenantId = uniqueTenantId('cli-stray');
    const providers = createProviderClients(stack.config, silentLogger);
    const stray = await providers.workos.organizations.createOrganization({
      name: 'Stray',
      externalId: `tenant-${tenantId}`,
    });

    const scan = await cli('orphans', 'scan', '--json');
    expect(scan.code).toBe(0);
    const report = JSON.parse(scan.stdout) as { scanId: string; orphans: { id: string }[] };
    expect(report.orphans.map((o) => o.id)).toContain(stray.id);

    const list = await cli('orphans', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`^workos\\s+${stray.id}\\s+tenant-${tenantId}\\s+${tenantId}\\s+.*reported`, 'm'),
    );

    const dryRun = await cli('orphans', 'cleanup');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('nothing was deleted');
    expect(dryRun.stdout).toMatch(new RegExp(`^workos\\s+${stray.id}\\s+.*would_delete`, 'm'));
    expect((await stack.inventory()).workos.organizations.map((o) => o.id)).toContain(stray.id);

    const cleanup = await cli('orphans', 'cleanup', '--yes', '--scan-id', report.scanId, '--requested-by', 'ops');
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toMatch(new RegExp(`^workos\\s+${stray.id}\\s+.*deleted`, 'm'));
    expect((await stack.inventory()).workos.organizations.map((o) => o.id)).not.toContain(stray.id);
  });
});

describe('audit and blocks', () => {
  it('lists the audit trail by actor and target, and verifies it', async () => {
    await stack.store.appendAudit({
      at: new Date().toISOString(),
      actor: 'cli-test-admin',
      source: 'api',
      action: 'job.cancel',
      target: 'provision-cli-audit',
      outcome: 'ok',
    });
    const listed = await cli('audit', 'list', '--actor', 'cli-test-admin', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ target: 'provision-cli-audit' })]);
    const table = await cli('audit', 'list', '--target', 'provision-cli-audit');
    expect(table.stdout).toMatch(/^\d+\s+\S+\s+api\s+cli-test-admin\s+job\.cancel\s+provision-cli-audit\s+ok$/m);
    const bad = await cli('audit', 'list', '--from', 'yesterday');
    expect(bad.code).toBe(2);

    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^audit trail ok: \d+ entries, head [0-9a-f]{64}$/m);
  });

  it('lists a blocked client and lifts its block, audited', async () => {
    const now = Date.now();
    await stack.store.blockClient({
      client: '10.9.9.9',
      reason: '20 × authentication failure',
      blockedAt: new Date(now).toISOString(),
      until: new Date(now + 3_600_000).toISOString(),
      blockedBy: 'system',
    });
    expect((await cli('blocks', 'list')).stdout).toMatch(/^10\.9\.9\.9\s+20 × authentication failure/m);
    const lifted = await cli('blocks', 'lift', '10.9.9.9');
    expect(lifted.code).toBe(0);
    expect(await stack.store.getActiveBlock('10.9.9.9', new Date().toISOString())).toBeUndefined();
    const [entry] = await stack.store.listAudit({ action: 'client.unblock', target: '10.9.9.9' });
    expect(entry).toMatchObject({ source: 'cli', outcome: 'ok' });
    expect((await cli('blocks', 'lift', '10.9.9.9')).code).toBe(1);
  });

  it('exits 1 naming the first bad entry once the trail was edited behind its back', async () => {
    const db = new BetterSqlite3(stack.config.store.sqlitePath);
    try {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
    } finally {
      db.close();
    }
    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('audit trail BROKEN at entry 2: entry 2 was changed after it was written');
  });
});
