// Resident memory of a whole process group (a Playwright run: runner, workers, browsers), sampled
// from /proc, so a benchmark can report the peak of everything a run started.
import { readdirSync, readFileSync } from 'node:fs';

export function processGroupRssMb(group: number): number {
  let kb = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== group) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the process ended between listing and reading
    }
  }
  return kb / 1024;
}

/** Samples a process group's RSS until stopped; returns the peak in MB. */
export function sampleGroupPeak(group: number, everyMs = 250): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, processGroupRssMb(group))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
