/**
 * The pure parts of the chaos run: the job plan, the fault plan, the inventory diff and the recovery figures.
 */
import type { SandboxInventory } from '../helpers/sandbox-control';
import {
  PROVISIONING_STEPS,
  type JobStatus,
  type ProvisioningProgress,
  type ProvisioningStepName,
  type StepProgress,
} from '../../workflows/contracts/provision-tenant';
import { planJobs } from './chaos-jobs';
import { faultPlan, sequentialProbabilities } from './fault-plan';
import { diffInventory, expectedResources, heldResources } from './inventory-diff';
import { interruptedJobs, recoveryShare, successRate, summarizeDelays } from './recovery-metrics';

const T = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (offsetMs: number) => new Date(T + offsetMs).toISOString();

/** A progress where steps before `upTo` completed at 1 s intervals; `overrides` changes single steps. */
function progress(
  tenantId: string,
  status: JobStatus,
  upTo: number,
  overrides: Partial<Record<ProvisioningStepName, Partial<StepProgress>>> = {},
): ProvisioningProgress {
  const steps = PROVISIONING_STEPS.map((name, i): StepProgress => ({
    name,
    status: i < upTo ? 'completed' : 'pending',
    startedAt: i < upTo ? iso(i * 1000) : null,
    finishedAt: i < upTo ? iso(i * 1000 + 1000) : null,
    attempts: i < upTo ? 1 : 0,
    error: null,
    ...overrides[name],
  }));
  return {
    jobId: `provision-${tenantId}`,
    tenantId,
    status,
    currentStep: null,
    totalSteps: steps.length,
    completedSteps: upTo,
    percent: 0,
    steps,
    startedAt: iso(0),
    estimatedCompletionAt: null,
    finishedAt: null,
    retryCount: 0,
    maxRetries: 3,
    cleanupAt: null,
    resources: {},
    error: null,
    leaks: [],
    retries: [],
  };
}

function inventoryOf(convex: string[], workos: string[], pages: string[]): SandboxInventory {
  const projects = convex.map((name, i) => ({ id: i + 1, name }));
  return {
    convex: {
      projects,
      deployments: projects.map((p) => ({ name: `dep-${p.id}`, projectId: p.id })),
      deployKeys: [],
    },
    workos: { organizations: workos.map((external_id, i) => ({ id: `org_${i}`, external_id })) },
    cloudflare: { projects: pages.map((name) => ({ name })) },
  } as unknown as SandboxInventory;
}

describe('planJobs', () => {
  it('spreads the regular jobs over the window and puts the permanent ones last, alternating groups', () => {
    const jobs = planJobs('ab12', 5, 2, 8_000);
    expect(jobs.map((j) => [j.tenantId, j.permanentGroup, j.startAfterMs])).toEqual([
      ['chaos-ab12-000', null, 0],
      ['chaos-ab12-001', null, 4000],
      ['chaos-ab12-002', null, 8000],
      ['chaos-perm-ab12-a0', 'a', 0],
      ['chaos-perm-ab12-b1', 'b', 0],
    ]);
  });
});

describe('faultPlan', () => {
  it('adds the permanent rules first, aimed at their tenants only', () => {
    const rules = faultPlan('ab12', { transientFaultRate: 0.2, commitThen500Rate: 0.05 });
    expect(rules.slice(0, 2).map((r) => [r.provider, r.kind, r.match])).toEqual([
      ['cloudflare', 'unauthorized_401', 'chaos-perm-ab12-a'],
      ['convex', 'quota_exceeded', 'chaos-perm-ab12-b'],
    ]);
    expect(rules.filter((r) => r.kind === 'commit_then_500').every((r) => r.operation && r.probability === 0.05)).toBe(
      true,
    );
    expect(rules.some((r) => r.provider === 'sendgrid' && r.kind === 'commit_then_500')).toBe(false);
  });

  it("faults a convex push at its start and finish, not at each of the CLI's internal protocol calls", () => {
    const transient = faultPlan('ab12', { transientFaultRate: 0.2, commitThen500Rate: 0 }).filter(
      (r) => r.kind === 'error_500' && !r.match,
    );
    const hits = (provider: string, operation: string) =>
      transient.some((r) => r.provider === provider && (r.operation === undefined || r.operation === operation));
    expect(hits('convex_deployment', 'startPush')).toBe(true);
    expect(hits('convex_deployment', 'finishPush')).toBe(true);
    expect(hits('convex_deployment', 'query')).toBe(true);
    expect(hits('convex_deployment', 'evaluateSchema')).toBe(false);
    expect(hits('convex', 'urlForKey')).toBe(false);
    expect(hits('convex', 'createProject')).toBe(true);
    expect(hits('workos', 'createOrganization')).toBe(true);
  });

  it('splits the transient rate over rules drawn in sequence so the overall rate is the one asked for', () => {
    const probabilities = sequentialProbabilities(0.2, [0.7, 0.2, 0.1]);
    const notFired = probabilities.reduce((p, q) => p * (1 - q), 1);
    expect(1 - notFired).toBeCloseTo(0.2, 10);
    expect(probabilities[0]).toBeCloseTo(0.14, 10);
    expect((1 - (probabilities[0] ?? 0)) * (probabilities[1] ?? 0)).toBeCloseTo(0.04, 10);
  });
});

describe('inventory diff', () => {
  it('expects all three resources of a completed job and those of the completed steps of a failed one', () => {
    const failedAtPages = progress('t-fail', 'failed', 4, {
      deployConvexBackend: { status: 'completed', finishedAt: iso(5000) },
      createPagesProject: { status: 'failed', startedAt: iso(3000), finishedAt: iso(4000), attempts: 1 },
    });
    expect(heldResources(failedAtPages)).toEqual({
      convexProjects: ['tenant-t-fail'],
      workosOrganizations: ['tenant-t-fail'],
      pagesProjects: [],
    });
    expect(heldResources(progress('t-clean', 'cleaned_up', 4))).toEqual({
      convexProjects: [],
      workosOrganizations: [],
      pagesProjects: [],
    });
    expect(expectedResources([progress('t-ok', 'completed', 9), failedAtPages]).pagesProjects).toEqual(['tenant-t-ok']);
  });

  it('reports missing, leaked, duplicated and dangling resources', () => {
    const expected = { convexProjects: ['tenant-a', 'tenant-b'], workosOrganizations: ['tenant-a'], pagesProjects: [] };
    const inventory = inventoryOf(['tenant-a', 'tenant-a'], ['tenant-a', 'tenant-x'], ['tenant-y']);
    inventory.convex.deployments.push({ name: 'dep-orphan', projectId: 99 } as never);
    const diff = diffInventory(expected, inventory);
    expect(diff.missing).toEqual({ convexProjects: ['tenant-b'], workosOrganizations: [], pagesProjects: [] });
    expect(diff.leaked).toEqual({ convexProjects: [], workosOrganizations: ['tenant-x'], pagesProjects: ['tenant-y'] });
    expect(diff.duplicated).toEqual({ convexProjects: ['tenant-a'], workosOrganizations: [], pagesProjects: [] });
    expect(diff.dangling).toEqual(['convex deployment dep-orphan of missing project 99']);
  });
});

describe('recovery figures', () => {
  it('measures from an event to the next step completion of each job with a step in flight', () => {
    // Step 2 (createConvexProject) runs from 2 s to 3 s; an event at 2.5 s is answered by its completion at 3 s.
    const running = progress('t-run', 'completed', 9);
    const waiting = progress('t-wait', 'failed', 3, { createConvexProject: { status: 'failed' } });
    const result = interruptedJobs(T + 2_500, [running, waiting, progress('t-later', 'completed', 0)]);
    expect(result.delays).toEqual([{ tenantId: 't-run', delayMs: 500 }]);
    expect(result.noNextStep).toEqual(['t-wait']);
  });

  it('counts jobs that hit a fault and completed without an admin retry', () => {
    const permanent = new Set(['t-perm']);
    const jobs = [
      progress('t-clean', 'completed', 9),
      progress('t-retried', 'completed', 9, { deployConvexBackend: { attempts: 4 } }),
      { ...progress('t-admin', 'completed', 9, { createPagesProject: { attempts: 2 } }), retryCount: 1 },
      progress('t-perm', 'cleaned_up', 4),
    ];
    expect(recoveryShare(jobs, permanent)).toEqual({
      hitFault: 3,
      recoveredWithoutHuman: 1,
      share: 1 / 3,
      nonPermanentHitFault: 2,
      nonPermanentRecovered: 1,
      nonPermanentShare: 0.5,
    });
    expect(successRate(jobs, permanent)).toBe(1);
    expect(successRate([...jobs, progress('t-stuck', 'failed', 2)], permanent)).toBe(0.75);
  });

  it('summarizes delays with median, nearest-rank p95 and max', () => {
    expect(summarizeDelays([])).toEqual({ count: 0, medianMs: null, p95Ms: null, maxMs: null });
    expect(summarizeDelays([5, 1, 3, 2, 4])).toEqual({ count: 5, medianMs: 3, p95Ms: 5, maxMs: 5 });
  });
});
