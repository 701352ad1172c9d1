import { convexAuth, inventory, request, startTestSandbox, type TestSandbox } from './helpers';

interface CreateProjectResponse {
  id: number;
  projectId: number;
  slug: string;
  deploymentName?: string;
  deploymentUrl?: string;
}
interface ProjectList {
  items: { id: number; name: string; slug: string }[];
  pagination: { hasMore: boolean; nextCursor?: string };
}

let sb: TestSandbox;
const v1 = (path: string) => `${sb.url}/v1${path}`;
const post = <T>(path: string, json: unknown = {}) => request<T>(v1(path), { headers: convexAuth, json });
const get = <T>(path: string) => request<T>(v1(path), { headers: convexAuth });

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());
beforeEach(() => request(`${sb.url}/_sandbox/reset`, { method: 'POST' }));

describe('Convex Management API', () => {
  it('creates a project with its prod deployment and a deployment URL under /_convex', async () => {
    const res = await post<CreateProjectResponse>('/teams/7/create_project', {
      projectName: 'tenant-acme',
      deploymentType: 'prod',
      deploymentRegion: 'aws-eu-west-1',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: res.body.projectId, slug: 'tenant-acme' });
    expect(res.body.deploymentName).toMatch(/^[a-z]+-[a-z]+-\d{3}$/);
    expect(res.body.deploymentUrl).toBe(`${sb.url}/_convex/${res.body.deploymentName}`);

    const project = await get<Record<string, unknown>>(`/projects/${res.body.id}`);
    expect(project.body).toMatchObject({
      id: res.body.id,
      name: 'tenant-acme',
      teamId: 7,
      prodDeploymentName: res.body.deploymentName,
    });
    const deployment = await get<Record<string, unknown>>(`/projects/${res.body.id}/deployment?defaultProd=true`);
    expect(deployment.body).toMatchObject({
      kind: 'cloud',
      name: res.body.deploymentName,
      deploymentType: 'prod',
      region: 'aws-eu-west-1',
      isDefault: true,
      projectId: res.body.id,
    });
  });

  it('creates no deployment when deploymentType is absent', async () => {
    const res = await post<CreateProjectResponse>('/teams/1/create_project', { projectName: 'bare' });
    expect(res.body.deploymentName).toBeUndefined();
    expect((await get<unknown[]>(`/projects/${res.body.id}/list_deployments`)).body).toEqual([]);
    const missing = await get(`/projects/${res.body.id}/deployment?defaultProd=true`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'DeploymentNotFound' });
  });

  it('does not enforce unique project names: a blind re-create makes a second project', async () => {
    const first = await post<CreateProjectResponse>('/teams/1/create_project', { projectName: 'tenant-twice' });
    const second = await post<CreateProjectResponse>('/teams/1/create_project', { projectName: 'tenant-twice' });
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.slug).not.toBe(first.body.slug);
    const inv = await inventory(sb.url);
    expect(inv.convex.projects.filter((p) => p.name === 'tenant-twice')).toHaveLength(2);
  });

  it('lists projects id-descending with cursor pagination and a name filter', async () => {
    const ids: number[] = [];
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'alphabet']) {
      ids.push((await post<CreateProjectResponse>('/teams/3/create_project', { projectName: name })).body.id);
    }
    await post('/teams/4/create_project', { projectName: 'other-team' });
    const seen: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await get<ProjectList>(`/teams/3/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p) => p.id));
      if (!page.body.pagination.hasMore) {
        expect(page.body.pagination.nextCursor).toBeUndefined();
        break;
      }
      cursor = page.body.pagination.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const filtered = await get<ProjectList>('/teams/3/projects?q=alpha');
    expect(filtered.body.items.map((p) => p.name)).toEqual(['alphabet', 'alpha']);
    const bad = await get('/teams/3/projects?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BadRequest' });
  });

  it('answers 401 {code:"Unauthenticated"} without a bearer token', async () => {
    const res = await request(v1('/teams/1/projects'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'Unauthenticated', message: expect.any(String) });
  });

  it('answers 404 {code, message} for an unknown project, and 400 for an invalid body', async () => {
    const missing = await get('/projects/999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 'ProjectNotFound', message: expect.any(String) });
    const invalid = await post('/teams/1/create_project', { projectName: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'BadRequest' });
  });

  it('creates extra deployments and refuses a second default prod', async () => {
    const project = await post<CreateProjectResponse>('/teams/1/create_project', {
      projectName: 'multi',
      deploymentType: 'prod',
    });
    const dev = await post<{ name: string; isDefault: boolean }>(`/projects/${project.body.id}/create_deployment`, {
      type: 'dev',
    });
    expect(dev.status).toBe(200);
    expect(dev.body.isDefault).toBe(true);
    const secondProd = await post(`/projects/${project.body.id}/create_deployment`, { type: 'prod', isDefault: true });
    expect(secondProd.status).toBe(400);
    expect(secondProd.body).toMatchObject({ code: 'DefaultDeploymentExists' });
    const list = await get<{ name: string }[]>(`/projects/${project.body.id}/list_deployments`);
    expect(list.body.map((d) => d.name).sort()).toEqual([project.body.deploymentName, dev.body.name].sort());
    const byName = await get<{ deploymentType: string }>(`/deployments/${dev.body.name}`);
    expect(byName.body.deploymentType).toBe('dev');
    expect((await post(`/deployments/${dev.body.name}/delete`)).status).toBe(200);
    expect((await get(`/deployments/${dev.body.name}`)).status).toBe(404);
  });

  it('hands out a deploy key once, lists keys without the secret, and deletes them by name', async () => {
    const project = await post<CreateProjectResponse>('/teams/1/create_project', {
      projectName: 'keys',
      deploymentType: 'prod',
    });
    const name = project.body.deploymentName ?? '';
    const created = await post<{ deployKey: string }>(`/deployments/${name}/create_deploy_key`, {
      name: 'provisioner-keys',
    });
    expect(created.body.deployKey).toMatch(new RegExp(`^prod:${name}\\|.+`));
    const listed = await get<Record<string, unknown>[]>(`/deployments/${name}/list_deploy_keys`);
    expect(listed.body).toEqual([
      { id: expect.any(String), name: 'provisioner-keys', creationTime: expect.any(Number), allowedActions: [] },
    ]);
    expect(listed.text).not.toContain(created.body.deployKey.split('|')[1]);

    const tooSoon = await post(`/deployments/${name}/create_deploy_key`, { name: 'short', expiresAt: Date.now() });
    expect(tooSoon.status).toBe(400);

    expect((await post(`/deployments/${name}/delete_deploy_key`, { id: 'provisioner-keys' })).status).toBe(200);
    expect((await get<unknown[]>(`/deployments/${name}/list_deploy_keys`)).body).toEqual([]);
    const again = await post(`/deployments/${name}/delete_deploy_key`, { id: 'provisioner-keys' });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'DeployKeyNotFound' });
  });

  it('deletes a project together with its deployments and deploy keys', async () => {
    const project = await post<CreateProjectResponse>('/teams/1/create_project', {
      projectName: 'doomed',
      deploymentType: 'prod',
    });
    await post(`/deployments/${project.body.deploymentName}/create_deploy_key`, { name: 'k' });
    const deleted = await post(`/projects/${project.body.id}/delete`);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    const inv = await inventory(sb.url);
    expect(inv.convex).toEqual({ projects: [], deployments: [], deployKeys: [] });
    expect((await post(`/projects/${project.body.id}/delete`)).status).toBe(404);
  });
});
