/** The typed library Brain imports (named re-exports only). */
export {
  ClientError,
  ClientErrorCode,
  errorCode,
  hasErrorCode,
  JobNotFoundError,
  JobNotRetryableError,
  JobNotRunningError,
  ProgressUnavailableError,
  ValidationError,
} from './errors';
export type { ClientErrorCodeName, FieldIssue } from './errors';
export { fieldIssues, parseProvisionInput } from './input';
export { buildJobListQuery, DEFAULT_LIST_LIMIT, JobListFilterSchema, MAX_LIST_LIMIT } from './job-query';
export type { JobListFilter, JobSummary } from './job-query';
export { createTenantProvisioningClient } from './provisioning-client';
export type {
  RetryResult,
  StartedJob,
  TenantProvisioningClient,
  TenantProvisioningClientOptions,
} from './provisioning-client';
export { FINAL_STATUSES, isSettled } from './wait-for-completion';
export type { WaitOptions } from './wait-for-completion';
