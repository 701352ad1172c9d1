/**
 * CPU and wall time of one `convex deploy` of tenant-backend/ (the deployConvexBackend step's push), against an
 * in-process sandbox: `npx tsx bench/convex-push.ts [runs]` (default 3). Each run is the CLI as the activity starts
 * it (activities/convex-cli.ts), timed by `/usr/bin/time` (user + system CPU of the child and its children, wall
 * time, max RSS). The first run pushes every module; later ones send only the changed ones (none), as a retry does.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox } from '../sandbox/server';
import { silentLogger } from '../common/logging';

import { CONVEX_CLI as CLI, CONVEX_DEPLOY_ARGS } from '../activities/convex-cli';
const APP = resolve(__dirname, '../tenant-backend');

async function json<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: 'Bearer sandbox-convex-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const sandbox = await startSandbox({ port: 0, logger: silentLogger });
  try {
    const project = await json<{ deploymentName: string }>(`${sandbox.url}/v1/teams/1/create_project`, {
      projectName: 'tenant-bench-push',
      deploymentType: 'prod',
    });
    const { deployKey } = await json<{ deployKey: string }>(
      `${sandbox.url}/v1/deployments/${project.deploymentName}/create_deploy_key`,
      { name: 'bench' },
    );
    for (let run = 1; run <= runs; run++) {
      const { stderr } = await promisify(execFile)(
        '/usr/bin/time',
        ['-f', 'TIME %e %U %S %M', process.execPath, CLI, ...CONVEX_DEPLOY_ARGS],
        {
          cwd: APP,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '/tmp',
            CONVEX_DEPLOY_KEY: deployKey,
            CONVEX_PROVISION_HOST: sandbox.url,
            CONVEX_VERSION_API_ORIGIN: 'http://127.0.0.1:9',
            CI: '1',
          },
        },
      );
      const [wall = 0, user = 0, sys = 0, rssKb = 0] = (/TIME (.+)$/m.exec(stderr)?.[1] ?? '').split(' ').map(Number);
      console.log(
        `run ${run}: wall ${(wall * 1000).toFixed(0)} ms, CPU ${((user + sys) * 1000).toFixed(0)} ms ` +
          `(user ${(user * 1000).toFixed(0)}, sys ${(sys * 1000).toFixed(0)}), max RSS ${(rssKb / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
