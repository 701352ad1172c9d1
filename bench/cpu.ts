/**
 * CPU time of the benchmark's processes, read from /proc/<pid>/stat (utime + stime), so a phase can say where the
 * machine's time went: the Temporal server, the worker, or the bench process itself (client and sandbox).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, 100 when unknown). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Parses user + system CPU time (in clock ticks) from a /proc/<pid>/stat line. The command name (field 2) may hold
 * spaces and parentheses, so fields are counted from the last `)`. Undefined when the line is not a stat line.
 */
export function parseStatCpuTicks(stat: string): number | undefined {
  const end = stat.lastIndexOf(')');
  if (end === -1) return undefined;
  const fields = stat
    .slice(end + 2)
    .trim()
    .split(/\s+/);
  // After the name: state is field 3, so utime (field 14) and stime (field 15) are at offsets 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** CPU time used so far by process `pid` (ms); undefined when it cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const ticks = parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return ticks === undefined ? undefined : (ticks / clockTicks()) * 1000;
  } catch {
    return undefined;
  }
}

/** CPU time used so far by this process (ms). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface CpuProbe {
  name: string;
  read(): number | undefined;
}

export type CpuUsage = Record<string, number | undefined>;

/** Starts measuring; `stop()` returns the CPU ms each probe used since (undefined when a probe could not read). */
export function startCpuMeasure(probes: readonly CpuProbe[]): { stop(): CpuUsage } {
  const before = probes.map((p) => p.read());
  return {
    stop() {
      const usage: CpuUsage = {};
      probes.forEach((probe, i) => {
        const start = before[i];
        const end = probe.read();
        usage[probe.name] = start === undefined || end === undefined ? undefined : end - start;
      });
      return usage;
    },
  };
}

/**
 * Parses the busy time (user, nice, system, irq, softirq, steal; in clock ticks) of the aggregate `cpu` line of a
 * /proc/stat text; undefined when there is none.
 */
export function parseProcStatBusyTicks(stat: string): number | undefined {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = [user, nice, system, irq, softirq, steal].map((v) => v ?? 0);
  return busy.some((v) => !Number.isFinite(v)) ? undefined : busy.reduce((a, b) => a + b, 0);
}

/** Busy CPU time of the whole machine so far (ms, summed over CPUs); undefined without /proc. */
export function machineBusyMs(): number | undefined {
  try {
    const ticks = parseProcStatBusyTicks(readFileSync('/proc/stat', 'utf8'));
    return ticks === undefined ? undefined : (ticks / clockTicks()) * 1000;
  } catch {
    return undefined;
  }
}
