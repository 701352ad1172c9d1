/**
 * Records of the health sweeps that the Brain store keeps (checks, transitions, alerts, sweeps, the dashboard
 * query), re-exported by ./port.ts.
 */
import type { TenantPlan } from '../workflows/contracts/provision-tenant';
import type { HealthCheck, HealthCounts, HealthStatus } from '../workflows/contracts/health-sweep';

/** One instance's check result, written by `recordHealthChecks`. */
export interface HealthUpdate {
  tenantId: string;
  /** The status the sweep read; the write applies only while the instance still has it (else a newer write won). */
  previousStatus: HealthStatus;
  status: HealthStatus;
  unhealthySince: string | null;
  checks: HealthCheck[];
  checkedAt: string;
  /** An alert raised by this check (kind `unhealthy`), or the recovery notice that resolves the open one. */
  alert?: NewHealthAlert;
}

export type HealthAlertKind = 'unhealthy' | 'recovered' | 'sweep_missing';
/** Delivery of one channel: `pending` until sent; `not_configured` when the channel had no recipient. */
export type AlertDeliveryState = 'pending' | 'sent' | 'not_configured';

export interface NewHealthAlert {
  /** Deterministic (`unhealthy:<tenantId>:<since>`, ...): raising the same alert twice changes nothing. */
  alertId: string;
  tenantId: string | null;
  kind: HealthAlertKind;
  status: HealthStatus | null;
  /** Start of the unhealthy episode (or of the sweep silence). */
  since: string;
  raisedAt: string;
  emailState: AlertDeliveryState;
  webhookState: AlertDeliveryState;
  /** The JSON body sent to the webhook and rendered in the email. */
  message: Record<string, unknown>;
}

export interface HealthAlertRecord extends NewHealthAlert {
  resolvedAt: string | null;
  webhookAttempts: number;
  lastError: string | null;
}

export interface HealthTransitionRecord {
  tenantId: string;
  fromStatus: HealthStatus;
  toStatus: HealthStatus;
  at: string;
  sweepId: string;
  checks: HealthCheck[];
}

export interface HealthSweepRecord {
  sweepId: string;
  startedAt: string;
  completedAt: string | null;
  checked: number;
  counts: HealthCounts | null;
}

/** The dashboard query: counts follow every filter but `status`; the list follows all of them. */
export interface InstanceHealthFilter {
  /** One instance (its stored checks). */
  tenantId?: string;
  status?: HealthStatus | HealthStatus[];
  plan?: TenantPlan;
  createdFrom?: string;
  createdTo?: string;
  checkedFrom?: string;
  checkedTo?: string;
  /** Page size (default 50, at most 500) and the cursor of the previous page. */
  limit?: number;
  cursor?: string;
}

export interface InstanceHealthRow {
  tenantId: string;
  name: string;
  plan: TenantPlan;
  status: HealthStatus;
  createdAt: string;
  lastHealthCheckAt: string | null;
  unhealthySince: string | null;
  checks: HealthCheck[];
}

export interface InstancesHealthStatus {
  counts: Record<HealthStatus, number>;
  total: number;
  instances: InstanceHealthRow[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}
