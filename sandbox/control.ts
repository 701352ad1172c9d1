/**
 * The sandbox control API under `/_sandbox/`: inventory, fault rules, site states, latency profile and reset.
 * Bodies are validated; a bad one is a 400 `{error: {code, message}}`. No auth: the sandbox is a local tool.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from './context';
import { FaultInputSchema } from './faults';
import { json, param } from './http';
import { inventory } from './inventory';
import { LatencySettingsSchema } from './latency';
import type { SandboxEnv } from './operation';
import { SiteStateSchema } from './records';
import { describeZodError } from '../common/input-issues';

const SiteStateBody = z.object({ state: SiteStateSchema }).strict();

function controlError(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

async function parse<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return controlError(400, 'invalid_json', 'The request body must be a JSON object.');
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return controlError(400, 'invalid_request', describeZodError(parsed.error, 'body'));
}

/** The control routes, to be mounted at `/_sandbox`. */
export function controlRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get('/inventory', () => json(200, inventory(ctx)));

  app.post('/faults', async (c) => {
    const input = await parse(c, FaultInputSchema);
    if (input instanceof Response) return input;
    const rule = ctx.faults.add(input);
    ctx.logger.info('sandbox fault added', { ...rule });
    return json(201, rule);
  });
  app.get('/faults', () => json(200, { faults: ctx.faults.list() }));
  app.delete('/faults', () => {
    ctx.faults.clear();
    return json(200, { faults: [] });
  });
  app.delete('/faults/:id', (c) =>
    ctx.faults.remove(param(c, 'id'))
      ? json(200, { deleted: param(c, 'id') })
      : controlError(404, 'not_found', `No fault ${param(c, 'id')}`),
  );

  app.post('/sites/:name/state', async (c) => {
    const body = await parse(c, SiteStateBody);
    if (body instanceof Response) return body;
    const name = param(c, 'name');
    const data = ctx.state.data;
    const known =
      data.cloudflare.projects.some((p) => p.name === name) || data.convex.deployments.some((d) => d.name === name);
    if (!known) return controlError(404, 'not_found', `No Pages project or Convex deployment named ${name}`);
    if (body.state === 'up') delete data.siteStates[name];
    else data.siteStates[name] = body.state;
    ctx.state.commit();
    ctx.logger.info('sandbox site state changed', { name, state: body.state });
    return json(200, { name, state: body.state });
  });

  app.get('/latency', () => json(200, ctx.latency.get()));
  app.post('/latency', async (c) => {
    const body = await parse(c, LatencySettingsSchema);
    if (body instanceof Response) return body;
    const settings = ctx.latency.set(body);
    ctx.logger.info('sandbox latency changed', { ...settings });
    return json(200, settings);
  });

  app.post('/reset', () => {
    ctx.state.reset();
    ctx.faults.clear();
    ctx.logger.info('sandbox reset');
    return json(200, { reset: true });
  });

  return app;
}
