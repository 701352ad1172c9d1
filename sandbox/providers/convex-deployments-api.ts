/**
 * Convex Management API, deployments and deploy keys: list, get (by name or a project's default), create and
 * delete deployments; create, list (never the secret) and delete deploy keys. A deploy key is handed out once, as
 * `<type>:<deployment>|<secret>`, and deletes by ID, name, full key or secret.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { deployKeySecret, uuid } from '../ids';
import { empty, json, param, readJsonBody } from '../http';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import { CONVEX_DEPLOYMENT_TYPES } from '../records';
import {
  CONVEX_REGIONS,
  convexBadRequest,
  convexError,
  convexFaultResponse,
  deploymentNotFound,
  projectNotFound,
} from './convex-errors';
import {
  createDeploymentRecord,
  findConvexProject,
  findDeployment,
  hasDefaultDeployment,
  removeDeployment,
} from './convex-store';
import { deployKeyView, deploymentView } from './convex-views';

const MIN_KEY_LIFETIME_MS = 30 * 60_000;

const CreateDeploymentBody = z.object({
  type: z.enum(CONVEX_DEPLOYMENT_TYPES),
  reference: z.string().min(1).optional(),
  isDefault: z.boolean().optional(),
  region: z.enum(CONVEX_REGIONS).optional(),
  class: z.string().optional(),
});
const CreateDeployKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.number().int().optional(),
  allowedActions: z.array(z.string()).optional(),
});
const DeleteDeployKeyBody = z.object({ id: z.string().min(1) });

/** Registers the deployment and deploy-key routes on the `/v1` app. */
export function registerConvexDeploymentRoutes(app: Hono<SandboxEnv>, ctx: SandboxContext): void {
  const data = () => ctx.state.data;
  const op = (name: string, handler: SandboxHandler) => operation(ctx, 'convex', name, convexFaultResponse, handler);

  app.get(
    '/projects/:id/list_deployments',
    op('listDeployments', (c) => {
      const project = findConvexProject(ctx, param(c, 'id'));
      if (!project) return projectNotFound(param(c, 'id'));
      const isDefault = c.req.query('isDefault');
      const type = c.req.query('deploymentType');
      const deployments = data()
        .convex.deployments.filter((d) => d.projectId === project.id)
        .filter((d) => isDefault === undefined || String(d.isDefault) === isDefault)
        .filter((d) => type === undefined || d.deploymentType === type);
      return json(
        200,
        deployments.map((d) => deploymentView(ctx, d)),
      );
    }),
  );

  app.get(
    '/projects/:id/deployment',
    op('getDeployment', (c) => {
      const project = findConvexProject(ctx, param(c, 'id'));
      if (!project) return projectNotFound(param(c, 'id'));
      const reference = c.req.query('reference');
      const wantType =
        c.req.query('defaultProd') === 'true' ? 'prod' : c.req.query('defaultDev') === 'true' ? 'dev' : undefined;
      if (!reference && !wantType)
        return convexBadRequest('one of reference, defaultProd=true or defaultDev=true is required');
      const deployment = data().convex.deployments.find(
        (d) =>
          d.projectId === project.id &&
          (reference ? d.reference === reference : d.deploymentType === wantType && d.isDefault),
      );
      return deployment
        ? json(200, deploymentView(ctx, deployment))
        : deploymentNotFound(reference ?? `default ${wantType}`);
    }),
  );

  app.post(
    '/projects/:id/create_deployment',
    op('createDeployment', async (c) => {
      const project = findConvexProject(ctx, param(c, 'id'));
      if (!project) return projectNotFound(param(c, 'id'));
      const body = await readJsonBody(c, CreateDeploymentBody);
      if (!body.ok) return convexBadRequest(body.message);
      const defaultable = body.value.type === 'prod' || body.value.type === 'dev';
      const isDefault =
        body.value.isDefault ?? (defaultable && !hasDefaultDeployment(ctx.state.data, project.id, body.value.type));
      if (isDefault && hasDefaultDeployment(ctx.state.data, project.id, body.value.type)) {
        return convexError(
          400,
          'DefaultDeploymentExists',
          `Project already has a default ${body.value.type} deployment`,
        );
      }
      const deployment = createDeploymentRecord(ctx, project, body.value, isDefault);
      ctx.state.commit();
      return json(200, deploymentView(ctx, deployment));
    }),
  );

  app.get(
    '/deployments/:name',
    op('getDeployment', (c) => {
      const deployment = findDeployment(data(), param(c, 'name'));
      return deployment ? json(200, deploymentView(ctx, deployment)) : deploymentNotFound(param(c, 'name'));
    }),
  );

  app.post(
    '/deployments/:name/delete',
    op('deleteDeployment', (c) => {
      const name = param(c, 'name');
      if (!findDeployment(data(), name)) return deploymentNotFound(name);
      removeDeployment(data(), name);
      ctx.state.commit();
      return empty(200);
    }),
  );

  app.post(
    '/deployments/:name/create_deploy_key',
    op('createDeployKey', async (c) => {
      const deployment = findDeployment(data(), param(c, 'name'));
      if (!deployment) return deploymentNotFound(param(c, 'name'));
      const body = await readJsonBody(c, CreateDeployKeyBody);
      if (!body.ok) return convexBadRequest(body.message);
      const now = ctx.sleeper.now();
      const { expiresAt } = body.value;
      if (expiresAt !== undefined && expiresAt < now + MIN_KEY_LIFETIME_MS) {
        return convexBadRequest('expiresAt must be at least 30 minutes in the future');
      }
      const key = `${deployment.deploymentType}:${deployment.name}|${deployKeySecret()}`;
      data().convex.deployKeys.push({
        id: uuid(),
        name: body.value.name,
        deploymentName: deployment.name,
        key,
        creationTime: now,
        lastUsedTime: null,
        expiresAt: expiresAt ?? null,
        allowedActions: body.value.allowedActions ?? [],
      });
      ctx.state.commit();
      return json(200, { deployKey: key });
    }),
  );

  app.get(
    '/deployments/:name/list_deploy_keys',
    op('listDeployKeys', (c) => {
      const name = param(c, 'name');
      if (!findDeployment(data(), name)) return deploymentNotFound(name);
      return json(
        200,
        data()
          .convex.deployKeys.filter((k) => k.deploymentName === name)
          .map(deployKeyView),
      );
    }),
  );

  app.post(
    '/deployments/:name/delete_deploy_key',
    op('deleteDeployKey', async (c) => {
      const name = param(c, 'name');
      if (!findDeployment(data(), name)) return deploymentNotFound(name);
      const body = await readJsonBody(c, DeleteDeployKeyBody);
      if (!body.ok) return convexBadRequest(body.message);
      const { id } = body.value;
      const matches = (k: { id: string; name: string; key: string }) =>
        k.id === id || k.name === id || k.key === id || k.key.endsWith(`|${id}`);
      const before = data().convex.deployKeys.length;
      data().convex.deployKeys = data().convex.deployKeys.filter((k) => k.deploymentName !== name || !matches(k));
      if (data().convex.deployKeys.length === before) {
        return convexError(404, 'DeployKeyNotFound', `No deploy key "${id}" on deployment ${name}`);
      }
      ctx.state.commit();
      return empty(200);
    }),
  );
}
