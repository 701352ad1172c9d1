/** The Hono environment of the API: per-request variables set by the middleware. */
import type { Logger } from '../../worker/logger';

export interface ApiEnv {
  Variables: {
    /** From the caller's `X-Request-Id` when well-formed, else generated; echoed back and logged. */
    requestId: string;
    /** The API logger with the request ID attached. */
    log: Logger;
  };
}
