/** Facts about the machine a benchmark ran on, for the report. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import type { MachineFacts } from './report';

/** The current commit (short hash, `+dirty` with uncommitted changes); `unknown` outside a git work tree. */
function gitCommit(cwd: string): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8' }).trim().length > 0;
    return dirty ? `${hash}+dirty` : hash;
  } catch {
    return 'unknown';
  }
}

/** CPUs available to this process (what `nproc` prints), CPU model, memory, Node, OS and commit. */
export function machineFacts(repoRoot: string): MachineFacts {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${type()} ${release()}`,
    commit: gitCommit(repoRoot),
  };
}
