/**
 * One Convex deployment under `/_convex/{deploymentName}`: health routes, the functions HTTP API that
 * `ConvexHttpClient` calls (answered for the functions the last `convex deploy` pushed, run by
 * `convex-functions.ts`; internal ones only with an admin key), and the admin API for environment variables. Admin
 * routes need `Authorization: Convex <deploy key>` with a live key of this deployment. Code arrives through the push
 * protocol of the `convex` CLI (`convex-push.ts`).
 *
 * While the deployment's site state is `down`, or during its start-up window (realistic profile), every route
 * answers 503; `slow` holds each request for several seconds.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { authToken, json, param, readJsonBody } from '../http';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import { convexError, convexFaultResponse } from './convex-errors';
import { runFunction } from './convex-functions';
import { findDeployment, useDeployKey } from './convex-store';

const FunctionCallBody = z.object({
  path: z.string().min(1),
  args: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown())).max(1)]).optional(),
  format: z.string().optional(),
});
const EnvChangesBody = z.object({
  changes: z.array(
    z.object({
      name: z
        .string()
        .max(40)
        .regex(
          /^[a-zA-Z_][a-zA-Z0-9_]*$/,
          'must start with a letter or underscore and hold only letters, digits and _',
        ),
      value: z.string().max(8192).nullable().optional(),
    }),
  ),
});

type FunctionKind = 'query' | 'mutation';

/** `health:ping`, `health.js:ping` and `health` (its default export) name functions of module `health.js`. */
function canonicalIdentifier(path: string): string {
  const [module = '', name = 'default'] = path.split(':');
  return `${module.endsWith('.js') ? module : `${module}.js`}:${name}`;
}

/** The routes of one deployment, to be mounted at `/_convex/:deployment`. */
export function convexDeploymentRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const op = (name: string, handler: SandboxHandler) =>
    operation(ctx, 'convex_deployment', name, convexFaultResponse, handler);
  const notFound = (name: string) =>
    convexError(404, 'DeploymentNotFound', `This Convex deployment does not exist: ${name}`);

  app.use('*', async (c, next) => {
    const name = param(c, 'deployment');
    const deployment = findDeployment(ctx.state.data, name);
    if (!deployment) return notFound(name);
    const state = ctx.state.data.siteStates[name];
    if (state === 'down' || ctx.sleeper.now() < deployment.readyAt) {
      return convexError(503, 'ServiceUnavailable', 'This Convex deployment is not available right now.');
    }
    if (state === 'slow') await ctx.sleeper.sleep(ctx.latency.slowDelayMs(), c.req.raw.signal);
    await next();
  });

  /** Admin routes: `Authorization: Convex <deploy key>` of this deployment. */
  const requireDeployKey = (c: Parameters<SandboxHandler>[0], name: string): Response | undefined => {
    const key = authToken(c, 'Convex');
    if (!key)
      return convexError(401, 'Unauthenticated', 'Missing Authorization header: expected "Convex <deploy key>".');
    if (!useDeployKey(ctx, name, key)) {
      return convexError(401, 'BadDeployKey', 'The provided deploy key was invalid for this deployment.');
    }
    return undefined;
  };

  app.get(
    '/instance_name',
    op('instanceName', (c) => c.text(param(c, 'deployment'))),
  );
  app.get('/instance_version', (c) => c.text('1.0.0-sandbox'));
  app.get('/', (c) => c.text('This Convex deployment is running. See https://docs.convex.dev/.'));

  const callFunction = (kind: FunctionKind) =>
    op(kind, async (c) => {
      const name = param(c, 'deployment');
      if (authToken(c, 'Convex') !== undefined) {
        const denied = requireDeployKey(c, name);
        if (denied) return denied;
      }
      const body = await readJsonBody(c, FunctionCallBody);
      if (!body.ok) return convexError(400, 'BadJsonBody', body.message);
      const path = body.value.path;
      const deployment = findDeployment(ctx.state.data, name);
      if (!deployment) return notFound(name);
      const admin = authToken(c, 'Convex') !== undefined;
      const fn = deployment.functions.find(
        (f) => f.identifier === canonicalIdentifier(path) && (admin || f.visibility === 'public'),
      );
      if (!fn) {
        return json(200, {
          status: 'error',
          errorMessage: `Could not find public function for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
          logLines: [],
        });
      }
      const want = kind === 'query' ? 'Query' : 'Mutation';
      if (fn.udfType !== want) {
        return json(200, {
          status: 'error',
          errorMessage: `Trying to execute ${path} as ${want}, but it is defined as ${fn.udfType}.`,
          logLines: [],
        });
      }
      const rawArgs = body.value.args;
      const args = Array.isArray(rawArgs) ? rawArgs : [rawArgs ?? {}];
      return json(200, await runFunction(ctx, deployment, fn.identifier, want, args));
    });
  app.post('/api/query', callFunction('query'));
  app.post('/api/mutation', callFunction('mutation'));

  app.post(
    '/api/v1/update_environment_variables',
    op('updateEnvironmentVariables', async (c) => {
      const name = param(c, 'deployment');
      const denied = requireDeployKey(c, name);
      if (denied) return denied;
      const body = await readJsonBody(c, EnvChangesBody);
      if (!body.ok) return convexError(400, 'InvalidEnvironmentVariables', body.message);
      const deployment = findDeployment(ctx.state.data, name);
      if (!deployment) return notFound(name);
      for (const change of body.value.changes) {
        if (change.value === undefined || change.value === null) delete deployment.envVars[change.name];
        else deployment.envVars[change.name] = change.value;
      }
      ctx.state.commit();
      return json(200, {});
    }),
  );

  app.get(
    '/api/v1/list_environment_variables',
    op('listEnvironmentVariables', (c) => {
      const name = param(c, 'deployment');
      const denied = requireDeployKey(c, name);
      if (denied) return denied;
      const deployment = findDeployment(ctx.state.data, name);
      if (!deployment) return notFound(name);
      ctx.state.commit();
      return json(200, { environmentVariables: { ...deployment.envVars } });
    }),
  );

  return app;
}
