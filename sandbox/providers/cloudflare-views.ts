/**
 * Cloudflare Pages wire shapes rendered from records. Deployment stages are computed from the time elapsed since
 * creation and the stage durations fixed at creation, so progress needs no timers and survives a restart.
 */
import {
  PAGES_STAGES,
  type PagesDeploymentConfig,
  type PagesDeploymentRecord,
  type PagesEnvVar,
  type PagesProjectRecord,
  type SandboxData,
} from '../records';

type StageStatus = 'idle' | 'active' | 'success' | 'failure';
interface Stage {
  name: (typeof PAGES_STAGES)[number];
  status: StageStatus;
  started_on: string | null;
  ended_on: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Secrets are never read back: their values are blanked. */
function envVarsView(vars: Record<string, PagesEnvVar>) {
  return Object.fromEntries(
    Object.entries(vars).map(([k, v]) => [k, v.type === 'secret_text' ? { type: v.type, value: '' } : v]),
  );
}

function configView(config: PagesDeploymentConfig) {
  return { ...config, env_vars: envVarsView(config.env_vars) };
}

/** Whether every stage has finished successfully (the deployment is live); a failing deployment never is. */
export function isDeploymentDone(d: PagesDeploymentRecord, now: number): boolean {
  return d.failedStage === null && now - d.createdAtMs >= d.stageDurationsMs.reduce((a, b) => a + b, 0);
}

/**
 * The stages at `now`. `justCreated` renders the state the create call returns (queued, active) whatever the
 * profile, as the real API does.
 */
export function stagesOf(d: PagesDeploymentRecord, now: number, justCreated = false): Stage[] {
  const elapsed = justCreated ? -1 : now - d.createdAtMs;
  const failedAt = d.failedStage === null ? -1 : PAGES_STAGES.indexOf(d.failedStage);
  let offset = 0;
  return PAGES_STAGES.map((name, i) => {
    const start = offset;
    const end = start + (d.stageDurationsMs[i] ?? 0);
    offset = end;
    if (justCreated) {
      return i === 0
        ? { name, status: 'active' as const, started_on: iso(d.createdAtMs), ended_on: null }
        : { name, status: 'idle' as const, started_on: null, ended_on: null };
    }
    // A failing deployment stops at its failed stage: it ends in `failure`, the later stages never start.
    if (failedAt !== -1 && i > failedAt) return { name, status: 'idle' as const, started_on: null, ended_on: null };
    if (elapsed >= end) {
      return {
        name,
        status: i === failedAt ? ('failure' as const) : ('success' as const),
        started_on: iso(d.createdAtMs + start),
        ended_on: iso(d.createdAtMs + end),
      };
    }
    if (elapsed >= start)
      return { name, status: 'active' as const, started_on: iso(d.createdAtMs + start), ended_on: null };
    return { name, status: 'idle' as const, started_on: null, ended_on: null };
  });
}

/** A Pages `Deployment` as the API returns it, stages computed at `now`. */
export function deploymentView(
  project: PagesProjectRecord,
  d: PagesDeploymentRecord,
  now: number,
  justCreated = false,
) {
  const stages = stagesOf(d, now, justCreated);
  const latest = [...stages].reverse().find((s) => s.status !== 'idle') ?? stages[0];
  const branchAlias = d.branch.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return {
    id: d.id,
    short_id: d.short_id,
    project_id: d.project_id,
    project_name: d.project_name,
    environment: d.environment,
    url: `https://${d.short_id}.${project.subdomain}`,
    created_on: iso(d.createdAtMs),
    modified_on: latest?.ended_on ?? latest?.started_on ?? iso(d.createdAtMs),
    latest_stage: latest,
    stages,
    deployment_trigger: {
      type: 'ad_hoc' as const,
      metadata: {
        branch: d.branch,
        commit_hash: d.commit_hash ?? '',
        commit_message: d.commit_message ?? '',
        commit_dirty: d.commit_dirty,
      },
    },
    aliases: d.environment === 'preview' ? [`https://${branchAlias}.${project.subdomain}`] : null,
    env_vars: envVarsView(d.env_vars),
    build_config: project.build_config,
    source: project.source ?? null,
    production_branch: project.production_branch,
    is_skipped: false,
    uses_functions: false,
  };
}

/** The newest production deployment of the project whose stages have all succeeded. */
export function liveProductionDeployment(
  data: SandboxData,
  projectName: string,
  now: number,
): PagesDeploymentRecord | undefined {
  return data.cloudflare.deployments
    .filter((d) => d.project_name === projectName && d.environment === 'production' && isDeploymentDone(d, now))
    .sort((a, b) => b.createdAtMs - a.createdAtMs)[0];
}

/** A Pages `Project`; latest and canonical deployment are its live production deployment, or null. */
export function projectView(data: SandboxData, project: PagesProjectRecord, now: number) {
  const live = liveProductionDeployment(data, project.name, now);
  const liveView = live ? deploymentView(project, live, now) : null;
  return {
    id: project.id,
    name: project.name,
    subdomain: project.subdomain,
    domains: [project.subdomain],
    production_branch: project.production_branch,
    created_on: project.created_on,
    deployment_configs: {
      preview: configView(project.deployment_configs.preview),
      production: configView(project.deployment_configs.production),
    },
    latest_deployment: liveView,
    canonical_deployment: liveView,
    build_config: project.build_config,
    source: project.source ?? null,
    framework: '',
    framework_version: '',
    uses_functions: false,
  };
}
