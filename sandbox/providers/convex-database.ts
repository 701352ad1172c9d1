/**
 * The database side of the syscalls the `convex` package makes from inside a Convex function (`Convex.syscall` and
 * `Convex.asyncSyscall` in `convex/dist/cjs/server/impl/syscall.js`): get, insert, shallowMerge, replace, remove and
 * streamed queries (full table scans and index ranges with `eq`/`gt`/`gte`/`lt`/`lte`, `order`, `take`). A call
 * works on a copy of the deployment's documents that is kept only when the call succeeds (a mutation is atomic).
 * Other syscalls (filters, pagination, search, storage, scheduling) are answered with an error naming them.
 */
import { randomBytes } from 'node:crypto';
import type { ConvexDocumentRecord } from '../records';

type Json = unknown;
interface RangeExpr {
  type: 'Eq' | 'Gt' | 'Gte' | 'Lt' | 'Lte';
  fieldPath: string;
  value: Json;
}
interface SerializedQuery {
  source:
    | { type: 'FullTableScan'; tableName: string; order: 'asc' | 'desc' | null }
    | { type: 'IndexRange'; indexName: string; range: RangeExpr[]; order: 'asc' | 'desc' | null }
    | { type: string };
  operators: Record<string, unknown>[];
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function newId(): string {
  return [...randomBytes(32)].map((b) => ID_ALPHABET[b % 32]).join('');
}

/** Convex's ordering of JSON values, enough for index ranges over strings, numbers and booleans. */
function compare(a: Json, b: Json): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === typeof b) return (a as number | string) < (b as number | string) ? -1 : 1;
  return typeof a < typeof b ? -1 : 1;
}

function fieldOf(doc: Record<string, Json>, path: string): Json {
  return path.split('.').reduce<Json>((v, key) => (v as Record<string, Json> | undefined)?.[key], doc);
}

function matches(doc: Record<string, Json>, expr: RangeExpr): boolean {
  const c = compare(fieldOf(doc, expr.fieldPath), expr.value);
  return { Eq: c === 0, Gt: c > 0, Gte: c >= 0, Lt: c < 0, Lte: c <= 0 }[expr.type];
}

export class SyscallError extends Error {
  override readonly name = 'SyscallError';
}

/** One function call's view of a deployment's database. */
export class DeploymentTransaction {
  private readonly docs: ConvexDocumentRecord[];
  private readonly streams = new Map<number, Record<string, Json>[]>();
  private nextQueryId = 1;
  written = false;

  constructor(
    private readonly deploymentName: string,
    documents: ConvexDocumentRecord[],
    private readonly now: () => number,
    /** `"health.js:ping"`-style index names resolve to their fields through the pushed schema. */
    private readonly indexFields: (indexName: string) => string[] | undefined,
  ) {
    this.docs = structuredClone(documents.filter((d) => d.deploymentName === deploymentName));
  }

  /** The documents as this call leaves them (only meaningful once it succeeded). */
  documents(): ConvexDocumentRecord[] {
    return this.docs;
  }

  private view(doc: ConvexDocumentRecord): Record<string, Json> {
    return { _id: doc.id, _creationTime: doc.creationTime, ...doc.value };
  }

  private find(id: unknown): ConvexDocumentRecord | undefined {
    return this.docs.find((d) => d.id === id);
  }

  private write(id: unknown, update: (doc: ConvexDocumentRecord) => void): null {
    const doc = this.find(id);
    if (!doc) throw new SyscallError(`Document ${String(id)} does not exist`);
    update(doc);
    this.written = true;
    return null;
  }

  private run(query: SerializedQuery): Record<string, Json>[] {
    const source = query.source;
    let rows: Record<string, Json>[];
    let order: 'asc' | 'desc' | null;
    if (source.type === 'FullTableScan' && 'tableName' in source) {
      rows = this.docs.filter((d) => d.table === source.tableName).map((d) => this.view(d));
      rows.sort((a, b) => compare(a._creationTime, b._creationTime));
      order = source.order;
    } else if (source.type === 'IndexRange' && 'indexName' in source) {
      const [table = ''] = source.indexName.split('.');
      const fields = this.indexFields(source.indexName);
      if (!fields) throw new SyscallError(`Index ${source.indexName} not found.`);
      rows = this.docs.filter((d) => d.table === table).map((d) => this.view(d));
      rows = rows.filter((row) => source.range.every((expr) => matches(row, expr)));
      const keys = [...fields, '_creationTime'];
      rows.sort((a, b) => keys.reduce((c, k) => c || compare(fieldOf(a, k), fieldOf(b, k)), 0));
      order = source.order;
    } else {
      throw new SyscallError(`The sandbox does not emulate ${source.type} queries`);
    }
    if (order === 'desc') rows.reverse();
    for (const operator of query.operators) {
      if ('limit' in operator && typeof operator.limit === 'number') rows = rows.slice(0, operator.limit);
      else throw new SyscallError(`The sandbox does not emulate the query operator ${Object.keys(operator).join()}`);
    }
    return rows;
  }

  /** `Convex.syscall` / `Convex.asyncSyscall`: JSON in, JSON out. */
  syscall(op: string, argsJson: string): string {
    const args = JSON.parse(argsJson) as Record<string, unknown>;
    return JSON.stringify(this.dispatch(op, args));
  }

  private dispatch(op: string, args: Record<string, unknown>): Json {
    switch (op) {
      case '1.0/get': {
        const doc = this.find(args.id);
        return doc && (args.table === undefined || args.table === null || args.table === doc.table)
          ? this.view(doc)
          : null;
      }
      case '1.0/insert': {
        const id = newId();
        this.docs.push({
          deploymentName: this.deploymentName,
          table: String(args.table),
          id,
          creationTime: this.now(),
          value: { ...(args.value as Record<string, Json>) },
        });
        this.written = true;
        return { _id: id };
      }
      case '1.0/shallowMerge':
        return this.write(args.id, (doc) => {
          for (const [key, value] of Object.entries(args.value as Record<string, Json>)) {
            const isUndefined = value !== null && typeof value === 'object' && '$undefined' in value;
            if (isUndefined) delete doc.value[key];
            else doc.value[key] = value;
          }
        });
      case '1.0/replace':
        return this.write(args.id, (doc) => {
          const { _id: _ignoredId, _creationTime: _ignoredTime, ...value } = args.value as Record<string, Json>;
          doc.value = value;
        });
      case '1.0/remove':
        return this.write(args.id, (doc) => this.docs.splice(this.docs.indexOf(doc), 1));
      case '1.0/queryStream': {
        const queryId = this.nextQueryId++;
        this.streams.set(queryId, this.run(args.query as SerializedQuery));
        return { queryId };
      }
      case '1.0/queryStreamNext': {
        const rows = this.streams.get(Number(args.queryId)) ?? [];
        const value = rows.shift();
        return value === undefined ? { value: null, done: true } : { value, done: false };
      }
      case '1.0/queryCleanup':
        return this.streams.delete(Number(args.queryId));
      case '1.0/getUserIdentity':
        return null;
      default:
        throw new SyscallError(`The sandbox does not emulate the Convex syscall ${op}`);
    }
  }
}
