/**
 * Convex error envelope `{code, message}` (management API, deployment admin API and non-function failures of the
 * functions API), and Convex's answers to injected faults.
 */
import { json } from '../http';
import type { FaultResponder } from '../operation';

export const CONVEX_REGIONS = ['aws-us-east-1', 'aws-eu-west-1'] as const;

/** A Convex error response `{code, message}`. */
export function convexError(status: number, code: string, message: string, headers?: Record<string, string>) {
  return json(status, { code, message }, headers);
}

/** Convex's answers to injected faults (management and deployment APIs alike). */
export const convexFaultResponse: FaultResponder = (kind) => {
  switch (kind) {
    case 'error_500':
      return convexError(500, 'InternalServerError', "Your request couldn't be completed. Try again later.");
    case 'rate_limit_429':
      return convexError(429, 'RateLimited', 'Too many requests. Please slow down and try again.', {
        'retry-after': '1',
      });
    case 'unauthorized_401':
      return convexError(401, 'Unauthenticated', 'The access token is invalid or has been revoked.');
    case 'quota_exceeded':
      return convexError(
        400,
        'ProjectQuotaReached',
        'You have reached the maximum number of projects for your team. Upgrade your plan or delete a project.',
      );
  }
};

/** 400 `BadRequest`: an invalid body or query. */
export const convexBadRequest = (message: string) => convexError(400, 'BadRequest', message);
/** 404 `ProjectNotFound`. */
export const projectNotFound = (id: string) => convexError(404, 'ProjectNotFound', `Project ${id} not found`);
/** 404 `DeploymentNotFound`. */
export const deploymentNotFound = (name: string) =>
  convexError(404, 'DeploymentNotFound', `Deployment ${name} not found`);
