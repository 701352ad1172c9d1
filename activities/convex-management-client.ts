/**
 * Thin typed client for the Convex Management API (`https://api.convex.dev/v1`, or the sandbox's `/v1`). The
 * official `@convex-dev/platform` SDK cannot change its base URL, so the few endpoints used here are written out,
 * with their response shapes validated by zod. Errors are {@link HttpError} with the `{code, message}` body.
 */
import { z } from 'zod';
import { joinUrl, requestJson, type FetchFn } from './http';

export const ConvexProjectSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  slug: z.string(),
  teamId: z.number().optional(),
  createTime: z.number().optional(),
  prodDeploymentName: z.string().nullish(),
});
export type ConvexProject = z.infer<typeof ConvexProjectSchema>;

export const ConvexDeploymentSchema = z.looseObject({
  name: z.string(),
  deploymentUrl: z.string(),
  deploymentType: z.string(),
  projectId: z.number().optional(),
  isDefault: z.boolean().optional(),
  createTime: z.number().optional(),
});
export type ConvexDeployment = z.infer<typeof ConvexDeploymentSchema>;

const ProjectPageSchema = z.object({
  items: z.array(ConvexProjectSchema),
  pagination: z.object({ hasMore: z.boolean(), nextCursor: z.union([z.string(), z.number()]).nullish() }),
});

const CreateProjectResponseSchema = z.looseObject({
  projectId: z.number().optional(),
  id: z.number().optional(),
  slug: z.string().optional(),
  deploymentName: z.string().nullish(),
  deploymentUrl: z.string().nullish(),
});
export type CreateProjectResponse = z.infer<typeof CreateProjectResponseSchema>;

export const DeployKeySchema = z.looseObject({ id: z.union([z.string(), z.number()]).optional(), name: z.string() });
export type DeployKeyInfo = z.infer<typeof DeployKeySchema>;

export interface CreateProjectRequest {
  projectName: string;
  deploymentType?: 'dev' | 'prod';
  deploymentRegion?: string;
}

export interface ConvexManagementClient {
  /** One page of the team's projects (ordered by id desc), optionally filtered by `q`. */
  listProjects(params: { q?: string; cursor?: string; limit?: number }): Promise<z.infer<typeof ProjectPageSchema>>;
  /** Every project of the team matching `q` (follows the cursor). */
  listAllProjects(q?: string): Promise<ConvexProject[]>;
  getProject(projectId: number): Promise<ConvexProject>;
  createProject(request: CreateProjectRequest): Promise<CreateProjectResponse>;
  deleteProject(projectId: number): Promise<void>;
  listDeployments(projectId: number): Promise<ConvexDeployment[]>;
  createDeployment(
    projectId: number,
    request: { type: 'prod' | 'dev'; isDefault?: boolean; region?: string },
  ): Promise<ConvexDeployment>;
  getDeployment(deploymentName: string): Promise<ConvexDeployment>;
  listDeployKeys(deploymentName: string): Promise<DeployKeyInfo[]>;
  /** Returns the secret deploy key: callers must never log or return it. */
  createDeployKey(deploymentName: string, name: string): Promise<string>;
  deleteDeployKey(deploymentName: string, idOrName: string): Promise<void>;
}

export interface ConvexManagementClientOptions {
  baseUrl: string;
  accessToken: string;
  teamId: number;
  fetch: FetchFn;
}

/** Builds the client; every request carries `Authorization: Bearer <accessToken>`. */
export function createConvexManagementClient(options: ConvexManagementClientOptions): ConvexManagementClient {
  const headers = { Authorization: `Bearer ${options.accessToken}`, 'Convex-Client': 'brain-provisioner' };
  const url = (path: string) => joinUrl(options.baseUrl, path);
  const team = options.teamId;
  const send = <T>(method: 'GET' | 'POST', path: string, body?: unknown, schema?: z.ZodType<T>) =>
    requestJson<T>(options.fetch, { method, url: url(path), headers, body, schema });

  const client: ConvexManagementClient = {
    listProjects: ({ q, cursor, limit }) => {
      const query = new URLSearchParams();
      if (q) query.set('q', q);
      if (cursor) query.set('cursor', cursor);
      if (limit) query.set('limit', String(limit));
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      return send('GET', `/teams/${team}/projects${suffix}`, undefined, ProjectPageSchema);
    },
    listAllProjects: async (q) => {
      const projects: ConvexProject[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page += 1) {
        const result = await client.listProjects({ q, cursor, limit: 100 });
        projects.push(...result.items);
        const next = result.pagination.nextCursor;
        if (!result.pagination.hasMore || next === undefined || next === null) break;
        cursor = String(next);
      }
      return projects;
    },
    getProject: (projectId) => send('GET', `/projects/${projectId}`, undefined, ConvexProjectSchema),
    createProject: (request) => send('POST', `/teams/${team}/create_project`, request, CreateProjectResponseSchema),
    deleteProject: (projectId) => send('POST', `/projects/${projectId}/delete`),
    listDeployments: (projectId) =>
      send('GET', `/projects/${projectId}/list_deployments`, undefined, z.array(ConvexDeploymentSchema)),
    createDeployment: (projectId, request) =>
      send('POST', `/projects/${projectId}/create_deployment`, request, ConvexDeploymentSchema),
    getDeployment: (name) => send('GET', `/deployments/${encodeURIComponent(name)}`, undefined, ConvexDeploymentSchema),
    listDeployKeys: (name) =>
      send('GET', `/deployments/${encodeURIComponent(name)}/list_deploy_keys`, undefined, z.array(DeployKeySchema)),
    createDeployKey: async (deploymentName, name) => {
      const result = await send(
        'POST',
        `/deployments/${encodeURIComponent(deploymentName)}/create_deploy_key`,
        { name },
        z.object({ deployKey: z.string().min(1) }),
      );
      return result.deployKey;
    },
    deleteDeployKey: (deploymentName, idOrName) =>
      send('POST', `/deployments/${encodeURIComponent(deploymentName)}/delete_deploy_key`, { id: idOrName }),
  };
  return client;
}
