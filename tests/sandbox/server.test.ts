import { request as httpRequest, Agent } from 'node:http';
import { startSandbox } from '../../sandbox/server';
import { silentLogger } from '../../common/logging';

describe('startSandbox', () => {
  it('listens on a random port and reports a URL without a trailing slash', async () => {
    const sandbox = await startSandbox({ port: 0, logger: silentLogger });
    try {
      expect(sandbox.port).toBeGreaterThan(0);
      expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
      const res = await fetch(`${sandbox.url}/_sandbox/latency`);
      expect(await res.json()).toEqual({ profile: 'zero', factor: 1 });
    } finally {
      await sandbox.close();
    }
  });

  it('close() ends keep-alive connections instead of waiting for them', async () => {
    const sandbox = await startSandbox({ port: 0, logger: silentLogger });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${sandbox.url}/_sandbox/inventory`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    await sandbox.close();
    await expect(sandbox.close()).resolves.toBeUndefined();
    agent.destroy();
  });

  it('fails to start when the port is taken', async () => {
    const first = await startSandbox({ port: 0, logger: silentLogger });
    try {
      await expect(startSandbox({ port: first.port, logger: silentLogger })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });
});
