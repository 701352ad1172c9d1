/**
 * Provisioning quotas (pure, shared by every store adapter): per requester (the authenticated principal) and per
 * owner email, a limit of concurrent jobs (instances still `provisioning`) and of jobs started in the last 24 hours,
 * each by the plan of the job being started. A limit left out is not enforced. The store counts and decides inside
 * one transaction (`BrainStore.reserveInstance`), so two workers or API processes cannot both take the last slot.
 */
import type { TenantPlan } from '../workflows/contracts/provision-tenant';

export const QUOTA_SCOPES = ['requester', 'ownerEmail'] as const;
export type QuotaScope = (typeof QUOTA_SCOPES)[number];
export type QuotaKind = 'concurrent' | 'perDay';

/** Limits by scope and kind, each by plan; a missing entry means unlimited. */
export type QuotaLimits = Partial<Record<QuotaScope, Partial<Record<QuotaKind, Partial<Record<TenantPlan, number>>>>>>;

/** What the store counted for one reservation, the tenant's own instance excluded. */
export type QuotaCounts = Record<QuotaScope, Record<QuotaKind, number>>;

export interface QuotaViolation {
  scope: QuotaScope;
  kind: QuotaKind;
  count: number;
  limit: number;
}

/** The first limit `counts` already reaches for a job of `plan`, or undefined when there is room. */
export function quotaViolation(counts: QuotaCounts, limits: QuotaLimits, plan: TenantPlan): QuotaViolation | undefined {
  for (const scope of QUOTA_SCOPES) {
    for (const kind of ['concurrent', 'perDay'] as const) {
      const limit = limits[scope]?.[kind]?.[plan];
      if (limit !== undefined && counts[scope][kind] >= limit)
        return { scope, kind, count: counts[scope][kind], limit };
    }
  }
  return undefined;
}

/** `free:2,pro:10,enterprise:50` → limits by plan (a plan left out is unlimited). */
export function parsePlanLimits(text: string): Partial<Record<TenantPlan, number>> {
  const limits: Partial<Record<TenantPlan, number>> = {};
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^(free|pro|enterprise):(\d+)$/.exec(entry);
    if (!match?.[1] || !match[2]) throw new Error(`"${entry}" is not plan:count (plans free, pro, enterprise)`);
    limits[match[1] as TenantPlan] = Number(match[2]);
  }
  return limits;
}

/** The failure message; names the requester, never the owner's email (it would land in the workflow history). */
export function describeViolation(v: QuotaViolation, requester: string): string {
  const what = v.kind === 'concurrent' ? 'jobs in progress' : 'jobs started in the last 24 hours';
  const who = v.scope === 'requester' ? `requester ${requester}` : "the tenant's owner email";
  return `${who} already has ${v.count} ${what} (limit ${v.limit})`;
}
