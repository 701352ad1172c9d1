/**
 * What `convex deploy` (the `convex` package's CLI, `cli/lib/deploy2.js`, `cli/lib/config.js`,
 * `cli/lib/deploymentSelection.js`) calls, in its order, with a deploy key (`CONVEX_DEPLOY_KEY`):
 *
 * - on the provision host (`CONVEX_PROVISION_HOST`, Convex's "big brain" under `/api/`), with
 *   `Authorization: Bearer <deploy key>`: `POST /api/deployment/url_for_key` (the deployment URL, a JSON string) and
 *   `POST /api/deployment/team_and_project_for_key` (`{team, project, teamId, projectId, ...}`);
 * - on the deployment URL, with `Authorization: Convex <deploy key>` (bodies of start/evaluate/finish
 *   brotli-compressed): `POST /api/get_config_hashes`, `/api/deploy2/evaluate_schema`, `/api/deploy2/start_push`
 *   (the modules are evaluated here: their functions and the schema come back as the analysis),
 *   `/api/deploy2/wait_for_schema`, `/api/deploy2/finish_push` (the push takes effect) and
 *   `/api/deploy2/report_push_completed`.
 *
 * A real deployment has a host of its own; the sandbox has one host for all, so its deployment URL for the CLI is
 * the sandbox root and these deployment routes find the deployment by the deploy key, which names it. A wrong,
 * deleted or expired key gets 401 with Convex's `{code, message}`.
 */
import { brotliDecompressSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { authToken, json } from '../http';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import type { ConvexDeploymentRecord } from '../records';
import { convexError, convexFaultResponse } from './convex-errors';
import { deploymentOfKey, findDeployment } from './convex-store';
import { LoadedModules, moduleHash, type PushedModule } from './convex-runtime';

const ModuleConfig = z.object({
  path: z.string().min(1),
  source: z.string(),
  sourceMap: z.string().optional(),
  environment: z.enum(['isolate', 'node']),
});
const StartPushBody = z.object({
  adminKey: z.string(),
  dryRun: z.boolean(),
  functions: z.string(),
  appDefinition: z.object({
    schema: ModuleConfig.nullable(),
    changedModules: z.array(ModuleConfig),
    unchangedModuleHashes: z.array(
      z.object({ path: z.string(), environment: z.enum(['isolate', 'node']), sha256: z.string() }),
    ),
    udfServerVersion: z.string(),
  }),
  componentDefinitions: z.array(z.unknown()),
});
type StartPushBody = z.infer<typeof StartPushBody>;
const FinishPushBody = z.object({
  adminKey: z.string(),
  dryRun: z.boolean(),
  startPush: z.object({ schemaChange: z.object({ schemaIds: z.unknown() }).passthrough() }).passthrough(),
});

interface StagedPush {
  deploymentName: string;
  modules: PushedModule[];
  functions: ConvexDeploymentRecord['functions'];
}

/** Pushes between start_push and finish_push, by push ID (carried in the opaque `schemaChange.schemaIds`). */
const stagedByContext = new WeakMap<SandboxContext, Map<string, StagedPush>>();

async function bodyJson(c: Context<SandboxEnv>): Promise<unknown> {
  const raw = Buffer.from(await c.req.arrayBuffer());
  const text = (c.req.header('content-encoding') ?? '').includes('br')
    ? brotliDecompressSync(raw).toString('utf8')
    : raw.toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

const badKey = () =>
  convexError(401, 'BadAdminKey', 'The provided admin key was invalid for this instance. Use a valid deploy key.');

/** The modules a push ends up with: the changed ones sent, the unchanged ones kept from the deployment. */
function modulesOf(
  ctx: SandboxContext,
  deployment: ConvexDeploymentRecord,
  body: StartPushBody,
): PushedModule[] | string {
  const sources = ctx.state.data.convex.moduleSources;
  const modules: PushedModule[] = [...body.appDefinition.changedModules];
  for (const unchanged of body.appDefinition.unchangedModuleHashes) {
    const kept = deployment.moduleHashes.find((m) => m.path === unchanged.path && m.sha256 === unchanged.sha256);
    const source = kept && sources[kept.sha256];
    if (!kept || source === undefined) return `Module ${unchanged.path} is not on the deployment`;
    modules.push({ path: kept.path, environment: kept.environment, source, sha256: kept.sha256 });
  }
  if (body.appDefinition.schema) modules.push(body.appDefinition.schema);
  return modules;
}

function analysisOf(modules: LoadedModules, functions: StagedPush['functions'], udfServerVersion: string) {
  const byModule: Record<string, { functions: unknown[]; httpRoutes: null; cronSpecs: null; sourceMapped: null }> = {};
  for (const fn of functions) {
    const [path = ''] = fn.identifier.split(':');
    byModule[path] ??= { functions: [], httpRoutes: null, cronSpecs: null, sourceMapped: null };
    byModule[path].functions.push({
      name: fn.identifier.split(':')[1],
      pos: null,
      udfType: fn.udfType,
      visibility: { kind: fn.visibility },
      args: null,
      returns: null,
    });
  }
  const schema = modules.schemaJson();
  return {
    definition: {
      path: '',
      definitionType: { type: 'app' },
      childComponents: [],
      httpMounts: {},
      exports: { type: 'branch', branch: [] },
    },
    schema: schema
      ? {
          tables: schema.tables.map((t) => ({ ...t, searchIndexes: [], vectorIndexes: [], documentType: null })),
          schemaValidation: true,
        }
      : null,
    functions: byModule,
    udfConfig: { serverVersion: udfServerVersion, importPhaseRngSeed: null, importPhaseUnixTimestamp: null },
  };
}

/** The CLI's routes on the provision host and on the deployment (both the sandbox root), to be mounted at `/`. */
export function registerConvexPushRoutes(app: Hono<SandboxEnv>, ctx: SandboxContext): void {
  const op = (name: string, handler: SandboxHandler) => operation(ctx, 'convex', name, convexFaultResponse, handler);
  const deployOp = (name: string, handler: SandboxHandler) =>
    operation(ctx, 'convex_deployment', name, convexFaultResponse, handler);
  const staged = () => {
    let map = stagedByContext.get(ctx);
    if (!map) stagedByContext.set(ctx, (map = new Map()));
    return map;
  };

  app.post(
    '/api/deployment/url_for_key',
    op('urlForKey', (c) => {
      const deployment = deploymentOfKey(ctx, authToken(c, 'Bearer'));
      return deployment ? json(200, ctx.baseUrl()) : badKey();
    }),
  );

  app.post(
    '/api/deployment/team_and_project_for_key',
    op('teamAndProjectForKey', (c) => {
      const deployment = deploymentOfKey(ctx, authToken(c, 'Bearer'));
      const project = ctx.state.data.convex.projects.find((p) => p.id === deployment?.projectId);
      if (!deployment || !project) return badKey();
      return json(200, {
        team: `team-${project.teamId}`,
        project: project.slug,
        teamId: project.teamId,
        projectId: project.id,
        reference: deployment.reference,
        isDefault: deployment.isDefault,
      });
    }),
  );

  /** The deployment the admin key names, or the 401 the backend answers. */
  const adminDeployment = (c: Context<SandboxEnv>): ConvexDeploymentRecord | Response =>
    deploymentOfKey(ctx, authToken(c, 'Convex')) ?? badKey();

  app.post(
    '/api/get_config_hashes',
    deployOp('getConfigHashes', (c) => {
      const deployment = adminDeployment(c);
      if (deployment instanceof Response) return deployment;
      return json(200, {
        config: { functions: 'convex/' },
        moduleHashes: deployment.moduleHashes.map((m) => ({
          path: m.path,
          environment: m.environment,
          hash: m.sha256,
        })),
        nodeDependencies: [],
        udfServerVersion: '1.48.0',
      });
    }),
  );

  app.post(
    '/api/deploy2/evaluate_schema',
    deployOp('evaluateSchema', (c) => {
      const deployment = adminDeployment(c);
      if (deployment instanceof Response) return deployment;
      return json(200, {
        componentSchemaEvaluations: { '': { definitionPath: '', schemaValidation: true, tables: [], indexes: [] } },
        newComponentDefinitions: [],
      });
    }),
  );

  app.post(
    '/api/deploy2/start_push',
    deployOp('startPush', async (c) => {
      const deployment = adminDeployment(c);
      if (deployment instanceof Response) return deployment;
      const parsed = StartPushBody.safeParse(await bodyJson(c));
      if (!parsed.success) return convexError(400, 'BadPushRequest', parsed.error.issues[0]?.message ?? 'bad push');
      if (parsed.data.componentDefinitions.length > 0) {
        return convexError(400, 'ComponentsNotSupported', 'The sandbox does not emulate components');
      }
      const modules = modulesOf(ctx, deployment, parsed.data);
      if (typeof modules === 'string') return convexError(400, 'ModuleNotFound', modules);
      let loaded: LoadedModules;
      let functions: StagedPush['functions'];
      try {
        loaded = new LoadedModules(modules, deployment.envVars);
        functions = loaded.analyze();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return convexError(400, 'ModuleAnalyzeError', `Failed to analyze the pushed modules: ${message}`);
      }
      const pushId = `${deployment.name}:${moduleHash({ source: JSON.stringify(modules.map((m) => m.path)) })}:${Date.now()}`;
      staged().set(pushId, { deploymentName: deployment.name, modules, functions });
      return json(200, {
        environmentVariables: { ...deployment.envVars },
        externalDepsId: null,
        componentDefinitionPackages: {},
        appAuth: [],
        analysis: { '': analysisOf(loaded, functions, parsed.data.appDefinition.udfServerVersion) },
        app: {
          definitionPath: '',
          componentPath: '',
          args: {},
          childComponents: {},
          httpRoutes: { httpModuleRoutes: null, mounts: [] },
          exports: {},
        },
        schemaChange: { allocatedComponentIds: null, schemaIds: pushId, indexDiffs: {} },
      });
    }),
  );

  app.post(
    '/api/deploy2/wait_for_schema',
    deployOp('waitForSchema', (c) => {
      const deployment = adminDeployment(c);
      return deployment instanceof Response ? deployment : json(200, { type: 'complete' });
    }),
  );

  app.post(
    '/api/deploy2/finish_push',
    deployOp('finishPush', async (c) => {
      const deployment = adminDeployment(c);
      if (deployment instanceof Response) return deployment;
      const parsed = FinishPushBody.safeParse(await bodyJson(c));
      if (!parsed.success) return convexError(400, 'BadPushRequest', parsed.error.issues[0]?.message ?? 'bad push');
      const pushId = String(parsed.data.startPush.schemaChange.schemaIds);
      const push = staged().get(pushId);
      if (!push || push.deploymentName !== deployment.name) {
        return convexError(400, 'PushExpired', 'This push was not started on this deployment (or has expired).');
      }
      staged().delete(pushId);
      const moduleOf = (identifier: string) => identifier.split(':')[0] ?? identifier;
      const before = new Set(deployment.functions.map((f) => moduleOf(f.identifier)));
      const after = new Set(push.functions.map((f) => moduleOf(f.identifier)));
      if (!parsed.data.dryRun) {
        const target = findDeployment(ctx.state.data, deployment.name);
        if (!target) return convexError(404, 'DeploymentNotFound', `Deployment ${deployment.name} not found`);
        const hashOf = (m: PushedModule) => m.sha256 ?? moduleHash(m);
        for (const m of push.modules) ctx.state.data.convex.moduleSources[hashOf(m)] = m.source;
        target.moduleHashes = push.modules.map((m) => ({
          path: m.path,
          environment: m.environment,
          sha256: hashOf(m),
        }));
        target.functions = push.functions;
        target.modules = [...after].map((p) => p.replace(/\.js$/, ''));
        target.lastDeployTime = ctx.sleeper.now();
        ctx.state.commit();
      }
      return json(200, {
        authDiff: { added: [], removed: [] },
        definitionDiffs: {},
        componentDiffs: {
          '': {
            diffType: { type: before.size === 0 ? 'create' : 'modify' },
            moduleDiff: {
              added: [...after].filter((p) => !before.has(p)),
              removed: [...before].filter((p) => !after.has(p)),
            },
            udfConfigDiff: null,
            cronDiff: { added: [], updated: [], deleted: [] },
            indexDiff: { added_indexes: [], removed_indexes: [] },
            schemaDiff: null,
          },
        },
      });
    }),
  );

  app.post(
    '/api/deploy2/report_push_completed',
    deployOp('reportPushCompleted', (c) => {
      const deployment = adminDeployment(c);
      return deployment instanceof Response ? deployment : json(200, {});
    }),
  );
}
