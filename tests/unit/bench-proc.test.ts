import { parseProcStatBusyTicks, parseStatCpuTicks, processCpuMs } from '../../bench/cpu';
import { parseVmRssBytes, readRssBytes, startMaxSampler } from '../../bench/worker-process';

describe('parseVmRssBytes', () => {
  it('reads the VmRSS line of /proc/<pid>/status in bytes', () => {
    const status = ['Name:\tnode', 'VmPeak:\t 1234567 kB', 'VmRSS:\t  204800 kB', 'RssAnon:\t  100 kB'].join('\n');
    expect(parseVmRssBytes(status)).toBe(204800 * 1024);
  });

  it('is undefined without a VmRSS line (kernel threads, zombies)', () => {
    expect(parseVmRssBytes('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeUndefined();
  });
});

describe('parseStatCpuTicks', () => {
  it('adds utime and stime, counting fields after the command name even when it holds spaces and parens', () => {
    // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 11 0';
    expect(parseStatCpuTicks(stat)).toBe(175);
  });

  it('is undefined for a text that is not a stat line', () => {
    expect(parseStatCpuTicks('no parens here')).toBeUndefined();
    expect(parseStatCpuTicks('1 (x) S')).toBeUndefined();
  });
});

describe('parseProcStatBusyTicks', () => {
  it('adds user, nice, system, irq, softirq and steal of the aggregate cpu line (not idle or iowait)', () => {
    const stat = ['cpu  100 5 40 9000 300 2 3 7 0 0', 'cpu0 50 2 20 4500 150 1 1 3 0 0', 'intr 1 2 3'].join('\n');
    expect(parseProcStatBusyTicks(stat)).toBe(100 + 5 + 40 + 2 + 3 + 7);
  });

  it('is undefined without the aggregate line', () => {
    expect(parseProcStatBusyTicks('cpu0 1 2 3 4 5 6 7 8\n')).toBeUndefined();
  });
});

describe('reading a process from /proc (the bench runs on Linux)', () => {
  it('finds a resident size and CPU time for a live process, nothing for a PID that does not exist', () => {
    expect(readRssBytes(process.pid)).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)).toBeGreaterThan(0);
    expect(readRssBytes(2 ** 30)).toBeUndefined();
    expect(processCpuMs(2 ** 30)).toBeUndefined();
  });
});

describe('startMaxSampler', () => {
  it('keeps the largest sample, ignoring unreadable ones, and samples once more on stop', () => {
    const readings = [5, undefined, 9, 3];
    let calls = 0;
    const sampler = startMaxSampler(() => readings[calls++], 60_000);
    // Each sampler reads once when started and once when stopped (the interval is too long to fire here).
    expect(sampler.stop()).toBe(5);
    expect(calls).toBe(2);
    const more = startMaxSampler(() => readings[calls++], 60_000);
    expect(more.stop()).toBe(9);
  });

  it('is undefined when nothing could be read', () => {
    expect(startMaxSampler(() => undefined, 60_000).stop()).toBeUndefined();
  });
});
