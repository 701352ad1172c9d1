/**
 * Runs the code a `convex deploy` pushed, as a Convex backend runs it in its isolate: each pushed module (an ES
 * module bundled by the CLI, with its `_deps/` chunks) is evaluated in a fresh `vm` context whose global `Convex`
 * answers the syscalls of the `convex` package ({@link DeploymentTransaction}). Analysis reads a module's exports
 * (registered functions: `isQuery`/`isMutation`/`isAction`, `isPublic`/`isInternal`) and `schema.js`'s default
 * export; a call invokes the function's `invokeQuery`/`invokeMutation` with the JSON arguments, as the backend does.
 * "use node" modules (environment `node`) are not run.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { createContext, runInContext, type Context as VmContext } from 'node:vm';
import { transformSync } from 'esbuild';
import type { ConvexFunctionRecord } from '../records';
import type { DeploymentTransaction } from './convex-database';

export interface PushedModule {
  path: string;
  source: string;
  sourceMap?: string | undefined;
  environment: 'isolate' | 'node';
  /** The hash the module was pushed under, when it is kept from an earlier push (its source map is not kept). */
  sha256?: string;
}

/** The CLI's module hash (`cli/lib/components.js`): sha256 of the source, then the source map. */
export function moduleHash(module: Pick<PushedModule, 'source' | 'sourceMap'>): string {
  return createHash('sha256')
    .update(module.source)
    .update(module.sourceMap ?? '')
    .digest('hex');
}

type Exports = Record<string, unknown>;
interface RegisteredFunction {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  invokeQuery?: (args: string) => Promise<string>;
  invokeMutation?: (args: string) => Promise<string>;
}

/** A loaded module set: its modules' exports, evaluated on first use inside one vm context. */
export class LoadedModules {
  private readonly sources = new Map<string, string>();
  private readonly cache = new Map<string, Exports>();
  private readonly context: VmContext;
  /** The transaction the `Convex` global answers for (calls run one at a time per module set). */
  current: DeploymentTransaction | undefined;

  constructor(modules: PushedModule[], env: Record<string, string>) {
    for (const m of modules) if (m.environment === 'isolate') this.sources.set(m.path, m.source);
    const syscall = (op: string, args: string) => {
      if (!this.current) throw new Error('A Convex syscall outside of a function call');
      return this.current.syscall(op, args);
    };
    this.context = createContext({
      Convex: { syscall, asyncSyscall: async (op: string, args: string) => syscall(op, args) },
      console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
      process: { env: { ...env } },
      TextEncoder,
      TextDecoder,
      URL,
      URLSearchParams,
      atob,
      btoa,
      structuredClone,
      queueMicrotask,
    });
  }

  /** The exports of the module at `path` (`health.js`); throws when there is none. */
  load(path: string): Exports {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const source = this.sources.get(path);
    if (source === undefined) throw new Error(`no module ${path}`);
    const module: { exports: Exports } = { exports: {} };
    this.cache.set(path, module.exports);
    const code = transformSync(source, { format: 'cjs', loader: 'js', target: 'es2022' }).code;
    const factory = runInContext(`(function (exports, require, module) {${code}\n})`, this.context, {
      filename: path,
    }) as (exports: Exports, require: (spec: string) => Exports, module: { exports: Exports }) => void;
    const require = (spec: string) => {
      if (!spec.startsWith('.')) throw new Error(`${path} imports ${spec}, which was not bundled`);
      return this.load(posix.normalize(posix.join(posix.dirname(path), spec)));
    };
    factory(module.exports, require, module);
    this.cache.set(path, module.exports);
    return module.exports;
  }

  /** The registered functions of every function module (not `schema.js`, `_deps/`, `_generated/`, `http.js`). */
  analyze(): ConvexFunctionRecord[] {
    const functions: ConvexFunctionRecord[] = [];
    for (const path of this.sources.keys()) {
      if (path === 'schema.js' || path.startsWith('_deps/') || path.startsWith('_generated/')) continue;
      for (const [name, value] of Object.entries(this.load(path))) {
        const fn = value as RegisteredFunction | null;
        if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) continue;
        const udfType = fn.isQuery ? 'Query' : fn.isMutation ? 'Mutation' : fn.isAction ? 'Action' : undefined;
        if (!udfType) continue;
        functions.push({ identifier: `${path}:${name}`, udfType, visibility: fn.isInternal ? 'internal' : 'public' });
      }
    }
    return functions;
  }

  /** The exported schema (`schema.js`'s default export, serialized by its `export()`), or null. */
  schemaJson(): { tables: { tableName: string; indexes: { indexDescriptor: string; fields: string[] }[] }[] } | null {
    if (!this.sources.has('schema.js')) return null;
    const schema = this.load('schema.js').default as { export?: () => string } | undefined;
    return schema?.export ? (JSON.parse(schema.export()) as ReturnType<LoadedModules['schemaJson']>) : null;
  }

  /** Runs a query or mutation in `tx`; resolves to its result as Convex JSON. */
  async invoke(identifier: string, kind: 'Query' | 'Mutation', args: unknown[], tx: DeploymentTransaction) {
    const [path = '', name = 'default'] = identifier.split(':');
    const fn = this.load(path)[name] as RegisteredFunction;
    const invoke = kind === 'Query' ? fn.invokeQuery : fn.invokeMutation;
    if (!invoke) throw new Error(`${identifier} is not a ${kind}`);
    this.current = tx;
    try {
      return JSON.parse(await invoke(JSON.stringify(args))) as unknown;
    } finally {
      this.current = undefined;
    }
  }
}
