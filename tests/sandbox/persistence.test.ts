import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxClock } from '../../sandbox/clock';
import { convexAuth, inventory, request, startTestSandbox } from './helpers';

describe('state file persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a restarted sandbox still knows every resource, key, site state and email', async () => {
    const stateFile = join(dir, 'nested', 'state.json');
    const first = await startTestSandbox({ stateFile });
    let deployKey = '';
    let deploymentName = '';
    try {
      const project = await request<{ deploymentName: string; deploymentUrl: string }>(
        `${first.url}/v1/teams/1/create_project`,
        { headers: convexAuth, json: { projectName: 'tenant-keep', deploymentType: 'prod' } },
      );
      deploymentName = project.body.deploymentName;
      deployKey = (
        await request<{ deployKey: string }>(
          `${first.url}/v1/deployments/${project.body.deploymentName}/create_deploy_key`,
          { headers: convexAuth, json: { name: 'provisioner-keep' } },
        )
      ).body.deployKey;
      await request(`${first.url}/organizations`, {
        headers: { authorization: 'Bearer sk_test' },
        json: { name: 'Keep', external_id: 'tenant-keep' },
      });
      await request(`${first.url}/client/v4/accounts/a/pages/projects`, {
        headers: { authorization: 'Bearer t' },
        json: { name: 'tenant-keep', production_branch: 'main' },
      });
      await request(`${first.url}/_sandbox/sites/tenant-keep/state`, { json: { state: 'down' } });
      await request(`${first.url}/v3/mail/send`, {
        headers: { authorization: 'Bearer SG.k' },
        json: {
          personalizations: [{ to: [{ email: 'o@keep.test' }] }],
          from: { email: 'provisioning@brain.local' },
          subject: 'kept',
          content: [{ type: 'text/plain', value: 'hi' }],
        },
      });
    } finally {
      await first.close();
    }
    const before = JSON.parse(readFileSync(stateFile, 'utf8')) as { version: number };
    expect(before.version).toBe(1);

    const second = await startTestSandbox({ stateFile });
    try {
      const inv = await inventory(second.url);
      expect(inv.convex.projects.map((p) => p.name)).toEqual(['tenant-keep']);
      expect(inv.convex.deployKeys.map((k) => k.name)).toEqual(['provisioner-keep']);
      expect(inv.workos.organizations.map((o) => o.external_id)).toEqual(['tenant-keep']);
      expect(inv.cloudflare.projects).toEqual([expect.objectContaining({ name: 'tenant-keep', siteState: 'down' })]);
      expect(inv.sendgrid.emails.map((e) => e.subject)).toEqual(['kept']);
      const env = await request(`${second.url}/_convex/${deploymentName}/api/v1/list_environment_variables`, {
        headers: { authorization: `Convex ${deployKey}` },
      });
      expect(env.status).toBe(200);

      await request(`${second.url}/_sandbox/reset`, { method: 'POST' });
    } finally {
      await second.close();
    }
    const third = await startTestSandbox({ stateFile });
    try {
      const inv = await inventory(third.url);
      expect(inv.convex.projects).toEqual([]);
      expect(inv.workos.organizations).toEqual([]);
    } finally {
      await third.close();
    }
  });

  it('a request still in flight when the sandbox closes is dropped and commits nothing', async () => {
    const stateFile = join(dir, 'state.json');
    let sleeping: () => void = () => undefined;
    const asleep = new Promise<void>((resolve) => {
      sleeping = resolve;
    });
    // A clock that stands still: every sleep lasts until the sandbox closes.
    const clock: SandboxClock = {
      now: () => Date.now(),
      sleep: (_ms, signal) =>
        new Promise<void>((resolve) => {
          sleeping();
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
    };
    const first = await startTestSandbox({ stateFile, clock, latency: 'realistic' });
    const inFlight = request(`${first.url}/v1/teams/1/create_project`, {
      headers: convexAuth,
      json: { projectName: 'tenant-in-flight' },
    }).then(
      () => 'answered',
      (err: Error) => err.message,
    );
    await asleep;
    await first.close();
    expect(await inFlight).toBe('fetch failed');
    const second = await startTestSandbox({ stateFile });
    try {
      expect((await inventory(second.url)).convex.projects).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a state file that is not a sandbox state', async () => {
    const stateFile = join(dir, 'bad.json');
    writeFileSync(stateFile, JSON.stringify({ hello: 'world' }));
    await expect(startTestSandbox({ stateFile })).rejects.toThrow('is not a sandbox state');
    writeFileSync(stateFile, '{oops');
    await expect(startTestSandbox({ stateFile })).rejects.toThrow('is not valid JSON');
  });
});
