/**
 * The sandbox fault rules of a chaos run, in the order they are added (the sandbox's first matching rule that fires
 * decides): permanent faults aimed at the permanent tenants only, lost responses on the creating calls, then
 * transient faults on every call of every provider.
 */
import type { FaultSpec } from '../helpers/sandbox-control';
import { PROVIDER_OPERATIONS, type ProviderName } from '../../sandbox/providers';

/** A permanent fault and the failure it must end its jobs with. */
export interface PermanentFault {
  /** Tenant IDs of this group contain `chaos-perm-<runId>-<group>`. */
  group: string;
  rule: FaultSpec;
  failedStep: 'createPagesProject' | 'createConvexProject';
  failureType: 'ProviderAuthFailed' | 'ProviderQuotaExceeded';
}

/** Providers the transient faults hit: every one the provisioning activities call (tenant sites excluded). */
export const FAULTED_PROVIDERS: readonly ProviderName[] = [
  'convex',
  'convex_deployment',
  'workos',
  'cloudflare',
  'sendgrid',
];

/**
 * Calls `convex deploy` makes inside one push, besides its start and finish. The transient rate is meant per logical
 * provider call: faulting each of the CLI's eight protocol calls would make a push fail five times in six at a 20 %
 * rate, a test of the CLI's luck rather than of our recovery. The push stays faulted through `startPush` and
 * `finishPush` (and every other operation as before).
 */
export const PUSH_INTERNAL_OPERATIONS: readonly { provider: ProviderName; operation: string }[] = [
  { provider: 'convex', operation: 'urlForKey' },
  { provider: 'convex', operation: 'teamAndProjectForKey' },
  { provider: 'convex_deployment', operation: 'getConfigHashes' },
  { provider: 'convex_deployment', operation: 'evaluateSchema' },
  { provider: 'convex_deployment', operation: 'waitForSchema' },
  { provider: 'convex_deployment', operation: 'reportPushCompleted' },
];

/** The operations of `provider` that transient faults hit. */
function faultedOperations(provider: ProviderName): readonly string[] {
  const internal = new Set(PUSH_INTERNAL_OPERATIONS.filter((o) => o.provider === provider).map((o) => o.operation));
  return PROVIDER_OPERATIONS[provider].filter((operation) => !internal.has(operation));
}

/**
 * Calls that create a resource, where a lost response (`commit_then_500`) makes the retry meet what the lost
 * attempt created. SendGrid's send is left out on purpose: mail has no idempotency key at the provider, so a lost
 * answer means a second email by design (sendEmail is at-least-once); the chaos run checks resources, not mail.
 */
export const CREATING_OPERATIONS: readonly { provider: ProviderName; operation: string }[] = [
  { provider: 'convex', operation: 'createProject' },
  { provider: 'convex', operation: 'createDeployment' },
  { provider: 'convex', operation: 'createDeployKey' },
  { provider: 'workos', operation: 'createOrganization' },
  { provider: 'cloudflare', operation: 'createProject' },
  { provider: 'cloudflare', operation: 'createDeployment' },
];

/** Shares of the transient rate: mostly 500s, some 429s (Retry-After: 1), a few held requests (client timeout). */
const TRANSIENT_SPLIT = [
  { kind: 'error_500', share: 0.7 },
  { kind: 'rate_limit_429', share: 0.2 },
  { kind: 'timeout', share: 0.1 },
] as const;

/** The two permanent faults; permanent job `i` belongs to group `a` or `b` alternately. */
export function permanentFaults(runId: string): PermanentFault[] {
  return [
    {
      group: 'a',
      rule: {
        provider: 'cloudflare',
        operation: 'createProject',
        kind: 'unauthorized_401',
        match: `chaos-perm-${runId}-a`,
      },
      failedStep: 'createPagesProject',
      failureType: 'ProviderAuthFailed',
    },
    {
      group: 'b',
      rule: { provider: 'convex', operation: 'createProject', kind: 'quota_exceeded', match: `chaos-perm-${runId}-b` },
      failedStep: 'createConvexProject',
      failureType: 'ProviderQuotaExceeded',
    },
  ];
}

/**
 * Probabilities for rules drawn one after the other so that the kinds fire with `rate * share` each overall:
 * a later rule is only drawn when the earlier ones did not fire.
 */
export function sequentialProbabilities(rate: number, shares: readonly number[]): number[] {
  let notFiredYet = 1;
  return shares.map((share) => {
    const probability = notFiredYet > 0 ? Math.min(1, (rate * share) / notFiredYet) : 0;
    notFiredYet *= 1 - probability;
    return probability;
  });
}

/** Every rule of the run, in order. */
export function faultPlan(
  runId: string,
  rates: { transientFaultRate: number; commitThen500Rate: number },
): FaultSpec[] {
  const rules: FaultSpec[] = permanentFaults(runId).map((p) => p.rule);
  if (rates.commitThen500Rate > 0) {
    for (const { provider, operation } of CREATING_OPERATIONS) {
      rules.push({ provider, operation, kind: 'commit_then_500', probability: rates.commitThen500Rate });
    }
  }
  if (rates.transientFaultRate > 0) {
    const probabilities = sequentialProbabilities(
      rates.transientFaultRate,
      TRANSIENT_SPLIT.map((t) => t.share),
    );
    for (const provider of FAULTED_PROVIDERS) {
      const operations = faultedOperations(provider);
      const everyOperation = operations.length === PROVIDER_OPERATIONS[provider].length;
      TRANSIENT_SPLIT.forEach(({ kind }, i) => {
        const probability = probabilities[i] ?? 0;
        if (everyOperation) rules.push({ provider, kind, probability });
        else for (const operation of operations) rules.push({ provider, operation, kind, probability });
      });
    }
  }
  return rules;
}
