/**
 * Latency profiles. `zero` answers at once and finishes Pages deployments instantly; `realistic` waits about as long
 * as the real providers (Convex project creation 2-4 s, WorkOS 100-300 ms, Cloudflare project creation ~1 s,
 * Pages deployment stages 20-40 s in total, SendGrid ~200 ms), every duration multiplied by `factor`.
 */
import { z } from 'zod';
import type { ProviderName } from './providers';
import { createRandom, type Random } from './random';

export const LatencySettingsSchema = z
  .object({
    profile: z.enum(['zero', 'realistic']),
    factor: z.number().positive().max(100).optional(),
  })
  .strict();
export type LatencyProfile = 'zero' | 'realistic';
export interface LatencySettings {
  profile: LatencyProfile;
  factor: number;
}

type Range = readonly [min: number, max: number];

/** Realistic request durations (ms) by `provider.operation`, falling back to `provider.*`. */
const REQUEST_RANGES: Record<string, Range> = {
  'convex.createProject': [2000, 4000],
  'convex.createDeployment': [1500, 3000],
  'convex.deleteProject': [500, 1200],
  'convex.deleteDeployment': [400, 1000],
  'convex.*': [80, 250],
  'convex_deployment.deploy': [2000, 5000],
  'convex_deployment.updateEnvironmentVariables': [200, 500],
  'convex_deployment.*': [20, 120],
  'workos.*': [100, 300],
  'cloudflare.createProject': [800, 1500],
  'cloudflare.createDeployment': [500, 1200],
  'cloudflare.deleteProject': [300, 800],
  'cloudflare.*': [150, 400],
  'sendgrid.*': [150, 300],
  'site.*': [20, 80],
};

/** Realistic Pages stage durations (ms) for queued, initialize, clone_repo, build, deploy: 20-40 s in total. */
const STAGE_RANGES: readonly Range[] = [
  [1000, 3000],
  [3000, 6000],
  [1000, 3000],
  [12000, 22000],
  [3000, 6000],
];

/**
 * How long a new Convex deployment answers 503 after the create call returned (realistic profile). Short: real
 * Convex answers the create call once the deployment is provisioned, so clients mostly see this on a first probe.
 */
const CONVEX_STARTUP_RANGE: Range = [500, 2000];

/** How long a site or deployment in the `slow` state holds each request (any profile). */
export const SLOW_DELAY_MS = 5000;

export interface Latency {
  get(): LatencySettings;
  set(settings: { profile: LatencyProfile; factor?: number }): LatencySettings;
  /** Delay before answering a provider operation. */
  requestDelayMs(provider: ProviderName, operation: string): number;
  /** Duration of each Pages deployment stage, fixed when the deployment is created. */
  pagesStageDurationsMs(): number[];
  /** Not-ready window of a new Convex deployment. */
  convexStartupMs(): number;
  /** Extra hold of a request to a `slow` site or deployment. */
  slowDelayMs(): number;
}

/** The latency settings, changeable at runtime; `seed` fixes the jitter sequence. */
export function createLatency(initial: { profile: LatencyProfile; factor: number }, seed: number): Latency {
  let settings: LatencySettings = { ...initial };
  const random: Random = createRandom(seed);
  const draw = ([min, max]: Range): number =>
    settings.profile === 'zero' ? 0 : Math.round(random.int(min, max) * settings.factor);
  return {
    get: () => ({ ...settings }),
    set: (next) => {
      settings = { profile: next.profile, factor: next.factor ?? settings.factor };
      return { ...settings };
    },
    requestDelayMs: (provider, operation) =>
      draw(REQUEST_RANGES[`${provider}.${operation}`] ?? REQUEST_RANGES[`${provider}.*`] ?? [0, 0]),
    pagesStageDurationsMs: () => STAGE_RANGES.map(draw),
    convexStartupMs: () => draw(CONVEX_STARTUP_RANGE),
    slowDelayMs: () => Math.round(SLOW_DELAY_MS * settings.factor),
  };
}
