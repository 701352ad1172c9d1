/**
 * Cloudflare Pages project bodies and `deployment_configs`: request schemas, the defaults of a new project's
 * preview and production configs, and PATCH merging (settings replace, env vars merge key by key, `null` deletes).
 */
import { z } from 'zod';
import type { PagesDeploymentConfig, PagesEnvVar } from '../records';

const EnvVarInput = z.object({ type: z.enum(['plain_text', 'secret_text']).default('plain_text'), value: z.string() });
const ConfigInput = z
  .object({ env_vars: z.record(z.string(), EnvVarInput.nullable()).nullable().optional() })
  .catchall(z.unknown());
export const ProjectBody = z.object({
  name: z.string(),
  production_branch: z.string().min(1).optional(),
  build_config: z.record(z.string(), z.unknown()).optional(),
  deployment_configs: z.object({ preview: ConfigInput.optional(), production: ConfigInput.optional() }).optional(),
  source: z.unknown().optional(),
});
export const PatchBody = ProjectBody.partial();

/** The settings Cloudflare gives a new project's preview and production environments. */
export function defaultConfig(): PagesDeploymentConfig {
  return {
    env_vars: {},
    compatibility_date: '2024-01-01',
    compatibility_flags: [],
    fail_open: true,
    always_use_latest_compatibility_date: false,
    build_image_major_version: 3,
    usage_model: 'standard',
  };
}

/** Applies a config patch: plain settings replace, env vars merge key by key and `null` deletes a key. */
export function mergeConfig(base: PagesDeploymentConfig, patch: z.infer<typeof ConfigInput> | undefined) {
  if (!patch) return base;
  const { env_vars: envPatch, ...rest } = patch;
  const env: Record<string, PagesEnvVar> = { ...base.env_vars };
  for (const [key, value] of Object.entries(envPatch ?? {})) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  return { ...base, ...rest, env_vars: env };
}
