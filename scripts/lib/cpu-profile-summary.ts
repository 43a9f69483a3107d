// Reads a V8 .cpuprofile (node --cpu-prof) and lists where a process spent its busy time: self time
// per function, idle excluded. The profiler samples wall time, so on a busy machine a function that
// was descheduled is charged for the wait: read the shares, not the milliseconds.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time. */
  readonly share: number;
}

export function topSelfTime(file: string, count = 25): { busyMs: number; top: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = byNode.get(node.id);
    if (!us || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url } = node.callFrame;
    // Per file, not per line: tsx's transpiled line numbers do not match the sources.
    const where = url.replace(/^.*?\/(src|scripts|node_modules)\//, '$1/');
    const name = where ? `${functionName || '(anonymous)'}  ${where}` : functionName;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  const busy = [...byName.values()].reduce((a, b) => a + b, 0);
  const top = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }));
  return { busyMs: busy / 1000, top };
}
