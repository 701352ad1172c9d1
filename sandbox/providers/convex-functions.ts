/**
 * Calls of a deployment's pushed functions: the module set of its last push is loaded once (per sandbox and push),
 * calls on one deployment run one at a time (as Convex serializes conflicting transactions), and a mutation's writes
 * are kept only when it succeeds. Answers in the functions API's shapes: `{status: "success", value}` or
 * `{status: "error", errorMessage, errorData?}`.
 */
import type { SandboxContext } from '../context';
import type { ConvexDeploymentRecord } from '../records';
import { DeploymentTransaction } from './convex-database';
import { LoadedModules, type PushedModule } from './convex-runtime';

interface Loaded {
  key: string;
  modules: LoadedModules;
  tail: Promise<unknown>;
}

const loadedByContext = new WeakMap<SandboxContext, Map<string, Loaded>>();

/** The modules a push left on the deployment, with their sources. */
export function pushedModules(ctx: SandboxContext, deployment: ConvexDeploymentRecord): PushedModule[] {
  const sources = ctx.state.data.convex.moduleSources;
  return deployment.moduleHashes.flatMap((m) => {
    const source = sources[m.sha256];
    return source === undefined ? [] : [{ path: m.path, environment: m.environment, source, sha256: m.sha256 }];
  });
}

function loadedFor(ctx: SandboxContext, deployment: ConvexDeploymentRecord): Loaded {
  let byName = loadedByContext.get(ctx);
  if (!byName) loadedByContext.set(ctx, (byName = new Map()));
  const key = deployment.moduleHashes.map((m) => m.sha256).join(',');
  const existing = byName.get(deployment.name);
  if (existing?.key === key) return existing;
  const loaded = {
    key,
    modules: new LoadedModules(pushedModules(ctx, deployment), deployment.envVars),
    tail: Promise.resolve(),
  };
  byName.set(deployment.name, loaded);
  return loaded;
}

/** Index name (`settings.by_tenant`) → its fields, from the pushed schema. */
function indexFieldsOf(modules: LoadedModules): (indexName: string) => string[] | undefined {
  return (indexName) => {
    const [table, index] = indexName.split('.');
    if (index === 'by_creation_time') return [];
    if (index === 'by_id') return ['_id'];
    const schema = modules.schemaJson();
    return schema?.tables.find((t) => t.tableName === table)?.indexes.find((i) => i.indexDescriptor === index)?.fields;
  };
}

export type FunctionResult =
  | { status: 'success'; value: unknown; logLines: string[] }
  | { status: 'error'; errorMessage: string; errorData?: unknown; logLines: string[] };

/** Runs `identifier` (`health.js:ping`) as a `kind` with `args` (the argument array the client sent). */
export function runFunction(
  ctx: SandboxContext,
  deployment: ConvexDeploymentRecord,
  identifier: string,
  kind: 'Query' | 'Mutation',
  args: unknown[],
): Promise<FunctionResult> {
  const loaded = loadedFor(ctx, deployment);
  const run = async (): Promise<FunctionResult> => {
    const tx = new DeploymentTransaction(
      deployment.name,
      ctx.state.data.convex.documents,
      () => ctx.sleeper.now(),
      indexFieldsOf(loaded.modules),
    );
    try {
      const value = await loaded.modules.invoke(identifier, kind, args, tx);
      if (kind === 'Mutation' && tx.written) {
        const others = ctx.state.data.convex.documents.filter((d) => d.deploymentName !== deployment.name);
        ctx.state.data.convex.documents = [...others, ...tx.documents()];
        ctx.state.commit();
      }
      return { status: 'success', value, logLines: [] };
    } catch (err) {
      const error = err as { message?: string; data?: unknown };
      const message = `Uncaught Error: ${error.message ?? String(err)}`;
      if (typeof error.data === 'string') {
        return { status: 'error', errorMessage: message, errorData: JSON.parse(error.data) as unknown, logLines: [] };
      }
      return { status: 'error', errorMessage: message, logLines: [] };
    }
  };
  const result = loaded.tail.then(run, run);
  loaded.tail = result;
  return result;
}
