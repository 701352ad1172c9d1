/**
 * Cloudflare Pages under `/client/v4/accounts/{account_id}/pages/projects`: projects (create, page-numbered list
 * that answers `result: []` past the last page, get, PATCH merging env vars, delete) and deployments (multipart
 * direct-upload create whose manifest may only name uploaded files, list by environment, get, delete), and the
 * direct-upload asset protocol (`cloudflare-assets.ts`). Deployment stages advance with time: instantly in the
 * `zero` profile, over 20-40 s × factor in `realistic`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { param, readJsonBody } from '../http';
import { shortHexId, uuid } from '../ids';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import type { PagesDeploymentRecord, PagesProjectRecord } from '../records';
import { missingManifestHashes, registerPagesAssetRoutes } from './cloudflare-assets';
import { defaultConfig, mergeConfig, PatchBody, ProjectBody } from './cloudflare-config';
import {
  CF_CODES,
  cfError,
  cfSuccess,
  cloudflareAuth,
  cloudflareFaultResponse,
  pageOf,
  projectNotFound,
} from './cloudflare-envelope';
import { deploymentView, liveProductionDeployment, projectView } from './cloudflare-views';

const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,56}[a-z0-9])?$/;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function formText(value: unknown): Promise<string | undefined> {
  if (typeof value === 'string') return value;
  if (value instanceof Blob) return value.text();
  return undefined;
}

/** The Pages routes, to be mounted at `/client/v4`. */
export function cloudflareRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const cf = () => ctx.state.data.cloudflare;
  const now = () => ctx.sleeper.now();
  const op = (name: string, handler: SandboxHandler) =>
    operation(ctx, 'cloudflare', name, cloudflareFaultResponse, handler);
  const findProject = (name: string) => cf().projects.find((p) => p.name === name);
  const base = '/accounts/:accountId/pages/projects';

  app.use('/accounts/*', cloudflareAuth);
  registerPagesAssetRoutes(app, ctx);

  app.post(
    base,
    op('createProject', async (c) => {
      const body = await readJsonBody(c, ProjectBody);
      if (!body.ok) return cfError(400, CF_CODES.unknown, body.message);
      const { name } = body.value;
      if (!NAME_PATTERN.test(name)) {
        return cfError(
          400,
          CF_CODES.invalidProjectName,
          'The project name is invalid: use 1-58 lowercase letters, numbers and dashes, not starting or ending with a dash.',
        );
      }
      if (findProject(name)) {
        return cfError(
          409,
          CF_CODES.duplicateProject,
          'A project with this name already exists. Choose a different project name.',
        );
      }
      const configs = body.value.deployment_configs;
      const project: PagesProjectRecord = {
        id: uuid(),
        name,
        subdomain: `${name}.pages.dev`,
        production_branch: body.value.production_branch ?? 'main',
        created_on: new Date(now()).toISOString(),
        deployment_configs: {
          preview: mergeConfig(defaultConfig(), configs?.preview),
          production: mergeConfig(defaultConfig(), configs?.production),
        },
        build_config: body.value.build_config ?? {},
        source: body.value.source ?? null,
      };
      cf().projects.push(project);
      ctx.state.commit();
      return cfSuccess(projectView(ctx.state.data, project, now()));
    }),
  );

  app.get(
    base,
    op('listProjects', (c) => {
      const newestFirst = [...cf().projects].reverse();
      const page = pageOf(c, newestFirst, 10);
      if (page instanceof Response) return page;
      return cfSuccess(
        page.items.map((p) => projectView(ctx.state.data, p, now())),
        page.info,
      );
    }),
  );

  app.get(
    `${base}/:name`,
    op('getProject', (c) => {
      const project = findProject(param(c, 'name'));
      return project ? cfSuccess(projectView(ctx.state.data, project, now())) : projectNotFound();
    }),
  );

  app.patch(
    `${base}/:name`,
    op('updateProject', async (c) => {
      const project = findProject(param(c, 'name'));
      if (!project) return projectNotFound();
      const body = await readJsonBody(c, PatchBody);
      if (!body.ok) return cfError(400, CF_CODES.unknown, body.message);
      const patch = body.value;
      if (patch.production_branch) project.production_branch = patch.production_branch;
      if (patch.build_config) project.build_config = { ...project.build_config, ...patch.build_config };
      if (patch.source !== undefined) project.source = patch.source;
      const configs = patch.deployment_configs;
      project.deployment_configs = {
        preview: mergeConfig(project.deployment_configs.preview, configs?.preview),
        production: mergeConfig(project.deployment_configs.production, configs?.production),
      };
      ctx.state.commit();
      return cfSuccess(projectView(ctx.state.data, project, now()));
    }),
  );

  app.delete(
    `${base}/:name`,
    op('deleteProject', (c) => {
      const name = param(c, 'name');
      if (!findProject(name)) return projectNotFound();
      cf().projects = cf().projects.filter((p) => p.name !== name);
      cf().deployments = cf().deployments.filter((d) => d.project_name !== name);
      cf().assets = cf().assets.filter((a) => a.projectName !== name);
      delete ctx.state.data.siteStates[name];
      ctx.state.commit();
      return cfSuccess(null);
    }),
  );

  app.post(
    `${base}/:name/deployments`,
    op('createDeployment', async (c) => {
      const project = findProject(param(c, 'name'));
      if (!project) return projectNotFound();
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
        return cfError(400, CF_CODES.unknown, 'Request body must be multipart/form-data.');
      }
      const form = await c.req.parseBody();
      const manifestText = await formText(form['manifest']);
      let manifest: Record<string, string> = {};
      if (manifestText !== undefined) {
        const parsed = z.record(z.string(), z.string()).safeParse(parseJson(manifestText));
        if (!parsed.success)
          return cfError(400, CF_CODES.manifestRequired, 'The manifest must be a JSON object of path to hash.');
        manifest = parsed.data;
        const missing = missingManifestHashes(ctx, project.name, manifest);
        if (missing.length > 0) {
          return cfError(
            400,
            CF_CODES.missingAssets,
            `The manifest names ${missing.length} file(s) that were never uploaded: ${missing.slice(0, 10).join(', ')}`,
          );
        }
      } else if (!project.source) {
        return cfError(400, CF_CODES.manifestRequired, 'A manifest is required for a direct upload deployment.');
      }
      const branch = (await formText(form['branch'])) || project.production_branch;
      const environment = branch === project.production_branch ? 'production' : 'preview';
      const deployment: PagesDeploymentRecord = {
        id: uuid(),
        short_id: shortHexId(),
        project_id: project.id,
        project_name: project.name,
        environment,
        branch,
        commit_hash: (await formText(form['commit_hash'])) ?? null,
        commit_message: (await formText(form['commit_message'])) ?? null,
        commit_dirty: (await formText(form['commit_dirty'])) === 'true',
        createdAtMs: now(),
        stageDurationsMs: ctx.latency.pagesStageDurationsMs(),
        fileCount: Object.keys(manifest).length,
        manifest,
        env_vars: { ...project.deployment_configs[environment].env_vars },
        failedStage: ctx.state.data.siteStates[project.name] === 'build_failing' ? 'build' : null,
      };
      cf().deployments.push(deployment);
      ctx.state.commit();
      return cfSuccess(deploymentView(project, deployment, now(), true));
    }),
  );

  app.get(
    `${base}/:name/deployments`,
    op('listDeployments', (c) => {
      const project = findProject(param(c, 'name'));
      if (!project) return projectNotFound();
      const env = c.req.query('env');
      const matching = cf()
        .deployments.filter((d) => d.project_name === project.name && (!env || d.environment === env))
        .reverse();
      const page = pageOf(c, matching, 25);
      if (page instanceof Response) return page;
      return cfSuccess(
        page.items.map((d) => deploymentView(project, d, now())),
        page.info,
      );
    }),
  );

  const deploymentNotFound = () =>
    cfError(
      404,
      CF_CODES.deploymentNotFound,
      'The deployment ID you have specified does not exist. Update the deployment ID and try again.',
    );

  app.get(
    `${base}/:name/deployments/:id`,
    op('getDeployment', (c) => {
      const project = findProject(param(c, 'name'));
      if (!project) return projectNotFound();
      const deployment = cf().deployments.find((d) => d.id === param(c, 'id') && d.project_name === project.name);
      return deployment ? cfSuccess(deploymentView(project, deployment, now())) : deploymentNotFound();
    }),
  );

  app.delete(
    `${base}/:name/deployments/:id`,
    op('deleteDeployment', (c) => {
      const project = findProject(param(c, 'name'));
      if (!project) return projectNotFound();
      const id = param(c, 'id');
      if (!cf().deployments.some((d) => d.id === id && d.project_name === project.name)) return deploymentNotFound();
      const live = liveProductionDeployment(ctx.state.data, project.name, now());
      if (live?.id === id && c.req.query('force') !== 'true') {
        return cfError(
          400,
          CF_CODES.activeDeployment,
          'You cannot delete the active production deployment without force=true.',
        );
      }
      cf().deployments = cf().deployments.filter((d) => d.id !== id);
      ctx.state.commit();
      return cfSuccess(null);
    }),
  );

  return app;
}
