/**
 * One API route: its handler and its description, declared together so the OpenAPI document is generated from
 * the very table the app is built from.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiEnv } from './env';

export type HttpMethod = 'GET' | 'POST';

export interface ApiResponseSpec {
  description: string;
  schema?: z.ZodType;
}

export interface ApiRoute {
  method: HttpMethod;
  /** Hono path syntax: `/provisioning/:jobId`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Requires `Authorization: Bearer <ADMIN_API_TOKEN>`. */
  admin?: boolean;
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
