/**
 * The public contract of the admin workflows started from the API, the CLI or the Temporal UI (never by a
 * schedule): `cleanupOrphans` and `resendEmails`. Sandbox-safe (no zod, no I/O); names are fixed by DESIGN.md.
 */
import type { CleanupOrphanResult, EmailKind } from '../../activities/contract';

export const CLEANUP_ORPHANS_WORKFLOW_TYPE = 'cleanupOrphans';
export const RESEND_EMAILS_WORKFLOW_TYPE = 'resendEmails';

export interface CleanupOrphansInput {
  /** The scan whose report to clean; the latest scan when omitted. */
  scanId?: string;
  /** Report what would be deleted without deleting anything. Default true: deleting must be asked for. */
  dryRun?: boolean;
  /** Who asked; required unless a dry run (every deletion is recorded with it). */
  requestedBy?: string;
  /** Most deletions this run makes; default (and ceiling) ORPHAN_CLEANUP_MAX_DELETIONS. */
  maxDeletions?: number;
}

export interface CleanupOrphansResult {
  scanId: string | null;
  dryRun: boolean;
  requestedBy: string;
  maxDeletions: number;
  deleted: number;
  results: CleanupOrphanResult[];
}

/** Workflow ID of a cleanup started by the API or the CLI (one per request). */
export function cleanupOrphansWorkflowId(requestId: string): string {
  return `cleanup-orphans-${requestId}`;
}

export const RESENDABLE_EMAIL_KINDS = ['ready', 'welcome'] as const satisfies readonly EmailKind[];
export type ResendableEmailKind = (typeof RESENDABLE_EMAIL_KINDS)[number];

export interface ResendEmailsInput {
  /** The completed provisioning job (`provision-<tenantId>`). */
  jobId: string;
  /** Who asked (recorded on the workflow and in the logs). */
  requestedBy?: string;
  /** Which emails; default both. */
  kinds?: ResendableEmailKind[];
  /** Send also the kinds the owner already got (default: only those never sent). */
  force?: boolean;
}

export interface ResendEmailsResult {
  jobId: string;
  tenantId: string;
  sent: ResendableEmailKind[];
  /** Kinds not sent because the owner already got them (without `force`). */
  skipped: ResendableEmailKind[];
}

/** Workflow ID of a resend (one per request; a second one for the same job while it runs is refused). */
export function resendEmailsWorkflowId(jobId: string, requestId: string): string {
  return `resend-emails-${jobId}-${requestId}`;
}
