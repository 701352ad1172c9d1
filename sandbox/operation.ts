/**
 * The pipeline every emulated provider call goes through: latency of the current profile, then fault injection,
 * then the real handler. `commit_then_500` runs the handler (the change is kept) and replaces its answer with the
 * provider's 500; `timeout` holds the request for ~30 s and then destroys the socket without answering (and
 * without changing anything). A request still waiting when the sandbox closes is dropped unprocessed.
 */
import type { Context, Handler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { SandboxContext } from './context';
import type { FaultKind } from './faults';
import type { ProviderName } from './providers';

/** How long a `timeout` fault holds a request before dropping the connection. */
export const TIMEOUT_HOLD_MS = 30_000;

export type SandboxEnv = { Bindings: Partial<HttpBindings> };
export type SandboxHandler = (c: Context<SandboxEnv>) => Response | Promise<Response>;

/** Builds a provider's own answer for a fault kind (every kind except `timeout`, which never answers). */
export type FaultResponder = (kind: Exclude<FaultKind, 'timeout' | 'commit_then_500'>) => Response;

/**
 * Destroys the request's socket without answering, and tells the node adapter the response is handled. Used by
 * the `timeout` fault and for requests still in flight when the sandbox closes (a stopped server commits nothing).
 */
function dropConnection(c: Context<SandboxEnv>): Response {
  c.env?.incoming?.socket.destroy();
  return new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
}

/** Wraps a route handler with latency and fault injection for `provider.operation`. */
export function operation(
  ctx: SandboxContext,
  provider: ProviderName,
  name: string,
  respond: FaultResponder,
  handler: SandboxHandler,
): Handler<SandboxEnv> {
  return async (c) => {
    // Like a real backend, the work goes on when the caller gives up: only closing the sandbox cuts the delay short.
    await ctx.sleeper.sleep(ctx.latency.requestDelayMs(provider, name));
    if (ctx.sleeper.closed) return dropConnection(c);
    const subject = ctx.faults.needsSubject(provider, name) ? await requestSubject(c) : '';
    const fault = ctx.faults.draw(provider, name, subject);
    if (fault) {
      ctx.logger.warn('sandbox fault fired', {
        faultId: fault.id,
        provider,
        operation: name,
        kind: fault.kind,
        method: c.req.method,
        path: c.req.path,
        remaining: fault.remaining,
      });
    }
    if (fault?.kind === 'timeout') {
      await ctx.sleeper.sleep(TIMEOUT_HOLD_MS, c.req.raw.signal);
      return dropConnection(c);
    }
    if (fault && fault.kind !== 'commit_then_500') return respond(fault.kind);
    const response = await handler(c);
    if (fault?.kind === 'commit_then_500') return respond('error_500');
    return response;
  };
}

/** The request's path and body text, for faults that target one tenant (`match`). Hono caches the body for the handler. */
async function requestSubject(c: Context<SandboxEnv>): Promise<string> {
  const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text().catch(() => '');
  return `${c.req.path} ${body}`;
}
