/**
 * The sandbox inventory: one in-memory {@link SandboxData} plus optional persistence to a JSON file, so that a
 * restarted sandbox still knows the resources it created (chaos runs restart it mid-provisioning).
 *
 * Every change is written synchronously (temp file + rename) before the response leaves, so a process killed right
 * after answering never forgets a resource it reported as created.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptySandboxData, SandboxData } from './records';
import { describeZodError } from '../common/input-issues';

export interface StateStore {
  /** The live state; mutate it, then call {@link StateStore.commit}. */
  readonly data: SandboxData;
  /** Persists the current state (no-op without a state file). */
  commit(): void;
  /** Forgets everything and persists the empty state. */
  reset(): void;
  /** Stops persisting: a closed sandbox must not overwrite the file a successor may already use. */
  close(): void;
}

/** Loads the state file when it exists (failing loudly when it is not a sandbox state), else starts empty. */
export function createStateStore(stateFile?: string): StateStore {
  let data = stateFile && existsSync(stateFile) ? readStateFile(stateFile) : emptySandboxData();
  let closed = false;
  const commit = (): void => {
    if (!stateFile || closed) return;
    mkdirSync(dirname(stateFile), { recursive: true });
    const temp = `${stateFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(data));
    renameSync(temp, stateFile);
  };
  return {
    get data() {
      return data;
    },
    commit,
    reset() {
      data = emptySandboxData();
      commit();
    },
    close() {
      closed = true;
    },
  };
}

function readStateFile(path: string): SandboxData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`sandbox state file ${path} is not valid JSON`, { cause: err });
  }
  const parsed = SandboxData.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`sandbox state file ${path} is not a sandbox state: ${describeZodError(parsed.error, '(state)')}`);
  }
  return parsed.data;
}
