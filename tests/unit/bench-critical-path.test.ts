import { criticalPathMs, stageTimings, stepDurationMs } from '../../bench/critical-path';
import {
  PROVISIONING_STEPS,
  type ProvisioningStepName,
  type StepProgress,
} from '../../workflows/contracts/provision-tenant';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');

function timed(name: ProvisioningStepName, startMs: number, durationMs: number): StepProgress {
  return {
    name,
    status: 'completed',
    startedAt: new Date(T0 + startMs).toISOString(),
    finishedAt: new Date(T0 + startMs + durationMs).toISOString(),
    attempts: 1,
    error: null,
  };
}

/** A job whose steps took these durations (ms), one stage after the other. */
const DURATIONS: Record<ProvisioningStepName, number> = {
  reserveQuota: 10,
  createWorkosOrganization: 300,
  createConvexProject: 3000,
  deployConvexBackend: 4000,
  createPagesProject: 1000,
  deployFrontend: 30000,
  validateResources: 500,
  activateInstance: 20,
  sendReadyEmails: 250,
};

describe('stepDurationMs', () => {
  it('is finishedAt − startedAt', () => {
    expect(stepDurationMs(timed('deployFrontend', 100, 1234))).toBe(1234);
  });

  it('rejects a step that never finished with a RangeError naming it', () => {
    const running: StepProgress = { ...timed('validateResources', 0, 1), finishedAt: null, status: 'running' };
    expect(() => stepDurationMs(running)).toThrow(RangeError);
    expect(() => stepDurationMs(running)).toThrow(/validateResources/);
  });
});

describe('criticalPathMs', () => {
  const steps = PROVISIONING_STEPS.map((name) => timed(name, 0, DURATIONS[name]));

  it('sums the longest step of each contract stage', () => {
    // 10 + max(300, 3000) + max(4000, 1000) + 30000 + 500 + 20 + 250
    expect(criticalPathMs(steps)).toBe(37780);
  });

  it('reports the longest step of each stage in stage order', () => {
    expect(stageTimings(steps).map((s) => s.longestMs)).toEqual([10, 3000, 4000, 30000, 500, 20, 250]);
  });

  it('follows the stages it is given', () => {
    const serial = PROVISIONING_STEPS.map((name) => [name] as const);
    const total = Object.values(DURATIONS).reduce((a, b) => a + b, 0);
    expect(criticalPathMs(steps, serial)).toBe(total);
  });

  it('rejects progress that lacks a step of the graph', () => {
    expect(() => criticalPathMs(steps.filter((s) => s.name !== 'deployFrontend'))).toThrow(/deployFrontend/);
  });
});
