/**
 * One API route: its handler and its description, declared together so the OpenAPI document is generated from
 * the very table the app is built from.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiRole } from '../../common/api-credentials';
import type { ApiEnv } from './env';

/** Who may call a route: anyone (`public`: health, the OpenAPI document, the status page) or at least a role. */
export type RouteAccess = 'public' | ApiRole;

export type HttpMethod = 'GET' | 'POST';

export interface ApiResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Media type of `schema` (default `application/json`), e.g. Prometheus' `text/plain; version=0.0.4`. */
  mediaType?: string;
}

export interface ApiRoute {
  method: HttpMethod;
  /** Hono path syntax: `/provisioning/:jobId`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Required, so a new route cannot forget it: `public`, or the weakest role that may call it. */
  role: RouteAccess;
  /**
   * An action (it changes something): recorded in the audit trail under this name, with the principal, target and
   * outcome, and counted by the stricter action rate limit.
   */
  audit?: string;
  /** Counted by the stricter action rate limit without being an audited action (e.g. costly live checks). */
  strictLimit?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; required: boolean };
  /** Success and error responses by HTTP status. */
  responses: Record<number, ApiResponseSpec>;
  handler: (c: Context<ApiEnv>) => Response | Promise<Response>;
}

/** `/provisioning/:jobId` → `/provisioning/{jobId}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
