/**
 * Writes the API's audit entries: actor (the authenticated principal, `anonymous` before authentication), source
 * `api`, target, outcome and the request's ID and client address. An entry that cannot be written is logged as an
 * error and does not turn a done action into a failed answer (the action already happened).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { BrainStore } from '../../store/port';
import type { ApiEnv } from './env';

export interface AuditFacts {
  action: string;
  target: string;
  outcome: string;
  detail?: Record<string, unknown>;
}

export type AuditRecorder = (c: Context<ApiEnv>, facts: AuditFacts) => Promise<void>;

export function createAuditRecorder(store: BrainStore, now: () => Date): AuditRecorder {
  return async (c, facts) => {
    try {
      await store.appendAudit({
        at: now().toISOString(),
        actor: c.get('principal')?.name ?? 'anonymous',
        source: 'api',
        action: facts.action,
        // A target comes from the request (a path, a body field): clipped to what the store keeps.
        target: clip(facts.target),
        outcome: facts.outcome,
        detail: {
          ...facts.detail,
          requestId: c.get('requestId'),
          correlationId: c.get('correlationId'),
          client: c.get('clientAddress'),
        },
      });
    } catch (err) {
      c.get('log').error('audit entry not written', { action: facts.action, target: facts.target, err });
    }
  };
}

const MAX_TARGET_LENGTH = 200;

function clip(text: string): string {
  const oneLine = Array.from(text, (ch) => (ch.charCodeAt(0) < 0x20 ? ' ' : ch)).join('');
  return oneLine.length > MAX_TARGET_LENGTH ? `${oneLine.slice(0, MAX_TARGET_LENGTH - 1)}…` : oneLine || '-';
}

/** `ok` for a 2xx/3xx answer, else `rejected:<status>` (4xx) or `error:<status>`. */
export function outcomeOfStatus(status: number): string {
  if (status < 400) return 'ok';
  return status < 500 ? `rejected:${status}` : `error:${status}`;
}

/** Records an audited route after its handler: target from the handler or the path's ID, outcome from the status. */
export function auditRoute(action: string, record: AuditRecorder): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    const target = c.get('auditTarget') ?? c.req.param('jobId') ?? c.req.path;
    await record(c, { action, target, outcome: outcomeOfStatus(c.res.status), detail: c.get('auditDetail') });
  };
}
