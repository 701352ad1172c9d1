/** The Hono environment of the API: per-request variables set by the middleware. */
import type { IncomingMessage } from 'node:http';
import type { ApiRole } from '../../common/api-credentials';
import type { Logger } from '../../common/logging';

/** Who authenticated: the name and role of the matching credential. */
export interface Principal {
  name: string;
  role: ApiRole;
}

export interface ApiEnv {
  /** Set by @hono/node-server; absent when the app is called in-process (`app.request`). */
  Bindings: { incoming?: Pick<IncomingMessage, 'socket'> };
  Variables: {
    /** From the caller's `X-Request-Id` when well-formed, else generated; echoed back and logged. */
    requestId: string;
    /** The job correlation ID of this request (request-context.ts): sent on to Temporal and every provider call. */
    correlationId: string;
    /** The API logger with the request ID attached. */
    log: Logger;
    /** The client's network address (the socket's peer), for rate limits and blocking. */
    clientAddress: string;
    /** Set by the route guard on every non-public route. */
    principal?: Principal;
    /** What an audited route acted on, when the handler knows better than the path (e.g. the tenant started). */
    auditTarget?: string;
    /** Extra facts for the audit entry (e.g. on behalf of whom). */
    auditDetail?: Record<string, unknown>;
  };
}
