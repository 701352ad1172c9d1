/**
 * Starting and timing the benchmark's workflows: provisionTenant (as Brain starts it, with the contract's initial
 * search attributes) and the floorGraph baseline, each with a fresh ID per run.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import { provisionTenant } from '../workflows/provision-tenant';
import { provisionWorkflowId, type ProvisionTenantInput } from '../workflows/contracts/provision-tenant';
import {
  ProvisioningStatusAttribute,
  ProvisioningStepAttribute,
  TenantIdAttribute,
  TenantPlanAttribute,
} from '../workflows/contracts/search-attributes';
import { floorGraph } from './floor-workflow';
import type { CpuProbe } from './cpu';
import type { BenchWorkerProcess } from './worker-process';

export type JobKind = 'provisionTenant' | 'floorGraph';
export const JOB_KINDS: readonly JobKind[] = ['provisionTenant', 'floorGraph'];

export interface BenchTarget {
  client: Client;
  taskQueue: string;
  /** Short lowercase hex ID of this bench run; part of every tenant and workflow ID. */
  runId: string;
  worker: BenchWorkerProcess;
  /** CPU time sources: `server`, `worker`, `bench` (this process: client and sandbox) and `machine` (all CPUs). */
  cpuProbes: readonly CpuProbe[];
}

export interface TimedJob {
  kind: JobKind;
  workflowId: string;
  /** From the start request to the result (ms, client side). */
  latencyMs: number;
}

/** Tenant ID of a bench job: `b<runId>-<key>` (a valid slug for keys of lowercase letters, digits and hyphens). */
export function benchTenantId(runId: string, key: string): string {
  return `b${runId}-${key}`;
}

/** A valid provisionTenant input for a bench tenant. */
export function benchProvisionInput(tenantId: string): ProvisionTenantInput {
  return {
    tenantId,
    name: `Bench ${tenantId}`,
    plan: 'pro',
    owner: { email: `owner+${tenantId}@bench.example.com`, name: 'Bench Owner' },
    requestedBy: 'bench',
  };
}

/** Starts one job of `kind` keyed `key` (unique within the run); resolves to its handle once the server has it. */
export async function startJob(target: BenchTarget, kind: JobKind, key: string): Promise<WorkflowHandle> {
  const { client, taskQueue, runId } = target;
  if (kind === 'floorGraph') {
    return client.workflow.start(floorGraph, {
      workflowId: `floor-${runId}-${key}`,
      taskQueue,
      args: [{ label: key }],
    });
  }
  const input = benchProvisionInput(benchTenantId(runId, key));
  return client.workflow.start(provisionTenant, {
    workflowId: provisionWorkflowId(input.tenantId),
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: TenantIdAttribute, value: input.tenantId },
      { key: TenantPlanAttribute, value: input.plan },
      { key: ProvisioningStatusAttribute, value: 'running' },
      { key: ProvisioningStepAttribute, value: 'reserveQuota' },
    ],
  });
}

/** Starts one job and waits for its result; the latency is measured from before the start request. */
export async function runTimedJob(target: BenchTarget, kind: JobKind, key: string): Promise<TimedJob> {
  const startedAt = performance.now();
  const handle = await target.worker.guard(startJob(target, kind, key));
  await target.worker.guard(handle.result());
  return { kind, workflowId: handle.workflowId, latencyMs: performance.now() - startedAt };
}
