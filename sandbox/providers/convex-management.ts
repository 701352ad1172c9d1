/**
 * Convex Management API under `/v1`: projects of a team, and (in ./convex-deployments-api.ts) their deployments
 * and deploy keys. Bearer auth (any non-empty token); errors are `{code, message}`. Like real Convex, project names
 * are not unique: a blind re-create makes a second project, which is exactly what an idempotent client must avoid.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { shortSuffix } from '../ids';
import { authToken, empty, intParam, json, param, readJsonBody } from '../http';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import { CONVEX_DEPLOYMENT_TYPES, type ConvexProjectRecord } from '../records';
import { registerConvexDeploymentRoutes } from './convex-deployments-api';
import { CONVEX_REGIONS, convexBadRequest, convexError, convexFaultResponse, projectNotFound } from './convex-errors';
import { createDeploymentRecord, findConvexProject, removeDeployment } from './convex-store';
import { convexDeploymentUrl, projectView } from './convex-views';

const CreateProjectBody = z.object({
  projectName: z.string().trim().min(1).max(100),
  deploymentType: z.enum(CONVEX_DEPLOYMENT_TYPES).optional(),
  deploymentRegion: z.enum(CONVEX_REGIONS).optional(),
  deploymentClass: z.string().optional(),
});

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'project';
}

/** The Management API routes, to be mounted at `/v1`. */
export function convexManagementRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const data = () => ctx.state.data;
  const op = (name: string, handler: SandboxHandler) => operation(ctx, 'convex', name, convexFaultResponse, handler);

  app.use('*', async (c, next) => {
    const token = authToken(c, 'Bearer');
    if (!token) {
      return convexError(401, 'Unauthenticated', 'Missing or invalid Authorization header: expected a Bearer token.');
    }
    if (!ctx.convexAccessTokens.has(token)) {
      return convexError(401, 'Unauthenticated', 'The access token is invalid or has been revoked.');
    }
    await next();
  });

  app.post(
    '/teams/:teamId/create_project',
    op('createProject', async (c) => {
      const teamId = intParam(param(c, 'teamId'));
      if (teamId === undefined || Number.isNaN(teamId)) return convexError(404, 'TeamNotFound', 'Team not found');
      const body = await readJsonBody(c, CreateProjectBody);
      if (!body.ok) return convexBadRequest(body.message);
      const base = slugify(body.value.projectName);
      const taken = (slug: string) => data().convex.projects.some((p) => p.teamId === teamId && p.slug === slug);
      let slug = base;
      while (taken(slug)) slug = `${base}-${shortSuffix()}`;
      data().counters.convexProject += 1;
      const project: ConvexProjectRecord = {
        id: data().counters.convexProject,
        name: body.value.projectName,
        slug,
        teamId,
        createTime: ctx.sleeper.now(),
      };
      data().convex.projects.push(project);
      const { deploymentType, deploymentRegion, deploymentClass } = body.value;
      const deployment = deploymentType
        ? createDeploymentRecord(
            ctx,
            project,
            { type: deploymentType, region: deploymentRegion, class: deploymentClass },
            true,
          )
        : undefined;
      ctx.state.commit();
      return json(200, {
        id: project.id,
        projectId: project.id,
        slug: project.slug,
        ...(deployment
          ? { deploymentName: deployment.name, deploymentUrl: convexDeploymentUrl(ctx, deployment.name) }
          : {}),
      });
    }),
  );

  app.get(
    '/teams/:teamId/projects',
    op('listProjects', (c) => {
      const teamId = intParam(param(c, 'teamId'));
      const limit = intParam(c.req.query('limit')) ?? 100;
      const cursor = intParam(c.req.query('cursor'));
      if (Number.isNaN(limit) || limit < 1 || limit > 100) return convexBadRequest('limit must be between 1 and 100');
      if (cursor !== undefined && Number.isNaN(cursor)) return convexBadRequest('cursor is invalid');
      const q = c.req.query('q')?.toLowerCase();
      const matching = data()
        .convex.projects.filter((p) => p.teamId === teamId)
        .filter((p) => !q || p.name.toLowerCase().includes(q) || p.slug.includes(q))
        .filter((p) => cursor === undefined || p.id < cursor)
        .sort((a, b) => b.id - a.id);
      const page = matching.slice(0, limit);
      const hasMore = matching.length > limit;
      const last = page[page.length - 1];
      return json(200, {
        items: page.map((p) => projectView(data(), p)),
        pagination: { hasMore, ...(hasMore && last ? { nextCursor: String(last.id) } : {}) },
      });
    }),
  );

  app.get(
    '/projects/:id',
    op('getProject', (c) => {
      const project = findConvexProject(ctx, param(c, 'id'));
      return project ? json(200, projectView(data(), project)) : projectNotFound(param(c, 'id'));
    }),
  );

  app.post(
    '/projects/:id/delete',
    op('deleteProject', (c) => {
      const project = findConvexProject(ctx, param(c, 'id'));
      if (!project) return projectNotFound(param(c, 'id'));
      for (const d of data().convex.deployments.filter((x) => x.projectId === project.id)) {
        removeDeployment(data(), d.name);
      }
      data().convex.projects = data().convex.projects.filter((p) => p.id !== project.id);
      ctx.state.commit();
      return empty(200);
    }),
  );

  registerConvexDeploymentRoutes(app, ctx);
  return app;
}
