// CPU time of a process and all its descendants (a Playwright run: runner, workers, Chromium), sampled
// from /proc and summed per kind of process, so a benchmark can say where a run's CPU went. On a 2-core machine
// the CPU a run needs, halved, is a floor for its wall time that no scheduling can beat.
import { readdirSync, readFileSync } from 'node:fs';

export type ProcessKind = 'runner' | 'worker' | 'chromium' | 'other';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Seen {
  readonly kind: ProcessKind;
  cpuSeconds: number;
}

function kindOf(cmdline: string): ProcessKind {
  if (/chrom/i.test(cmdline)) return 'chromium';
  if (cmdline.includes('workerProcessEntry')) return 'worker';
  if (/playwright|cli\.js/.test(cmdline)) return 'runner';
  return 'other';
}

/** Every process descended from `root` (Playwright starts Chromium in a process group of its own). */
function readTree(root: number, seen: Map<number, Seen>): void {
  const stats = new Map<number, { parent: number; cpuSeconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // ppid is field 4 of stat, utime and stime fields 14 and 15.
      stats.set(Number(entry), { parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // the process ended between listing and reading
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.parent ?? 0, hops++) if (p === root || seen.has(p)) return true;
    return false;
  };
  for (const [pid, { cpuSeconds }] of stats) {
    if (!inTree(pid)) continue;
    const known = seen.get(pid);
    if (known) known.cpuSeconds = Math.max(known.cpuSeconds, cpuSeconds);
    else {
      try {
        seen.set(pid, { kind: kindOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')), cpuSeconds });
      } catch {
        // gone already
      }
    }
  }
}

export type CpuByKind = Record<ProcessKind, number> & { total: number; processes: number };

/**
 * Samples the CPU of a process tree until stopped. A process's time is the last sample before it ended,
 * so up to `everyMs` of each short-lived process is missed: a lower bound, close for long processes.
 */
export function sampleTreeCpu(root: number, everyMs = 100): { stop(): CpuByKind } {
  const seen = new Map<number, Seen>();
  const timer = setInterval(() => readTree(root, seen), everyMs);
  return {
    stop() {
      clearInterval(timer);
      readTree(root, seen);
      const out: CpuByKind = { runner: 0, worker: 0, chromium: 0, other: 0, total: 0, processes: seen.size };
      for (const { kind, cpuSeconds } of seen.values()) {
        out[kind] += cpuSeconds;
        out.total += cpuSeconds;
      }
      for (const key of ['runner', 'worker', 'chromium', 'other', 'total'] as const) out[key] = Math.round(out[key] * 10) / 10;
      return out;
    },
  };
}
