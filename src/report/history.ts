// The nightly history: one JSON line per run in reports/history/history.jsonl (append-only, so CI can
// cache or commit it), and the comparison with the previous night that names what broke since.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConformanceReport, RequirementStatus } from './model.ts';

export interface HistoryEntry {
  readonly time: string;
  readonly seed: number | null;
  readonly commit: string | null;
  readonly profile: string;
  readonly target: string;
  readonly openapiSha256: string;
  readonly verdict: string;
  readonly counts: { passed: number; failed: number; infrastructureError: number; notChecked: number };
  readonly requirements: Readonly<Record<string, RequirementStatus>>;
}

export function historyEntryOf(report: ConformanceReport): HistoryEntry {
  return {
    time: report.run.startedAt,
    seed: report.run.seed,
    commit: report.run.gitCommit,
    profile: report.run.profile,
    target: report.run.target.baseUrl,
    openapiSha256: report.run.openapi.sha256,
    verdict: report.verdict.code,
    counts: {
      passed: report.counts.passed,
      failed: report.counts.failed,
      infrastructureError: report.counts.infrastructureError,
      notChecked: report.counts.notChecked,
    },
    requirements: Object.fromEntries(report.requirements.map((r) => [r.id, r.status])),
  };
}

/** Reads every well-formed line; a truncated last line (a killed run) is skipped, not fatal. */
export function readHistory(path: string): HistoryEntry[] {
  if (!existsSync(path)) return [];
  const out: HistoryEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as HistoryEntry;
      if (entry && typeof entry.requirements === 'object') out.push(entry);
    } catch {
      // skip
    }
  }
  return out;
}

export function appendHistory(path: string, entry: HistoryEntry): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** Requirements that passed in the previous run and fail now (or can no longer be checked). */
export function newSince(previous: HistoryEntry | undefined, now: Readonly<Record<string, RequirementStatus>>): Array<{ id: string; before: RequirementStatus; now: RequirementStatus }> {
  if (!previous) return [];
  return Object.entries(now)
    .filter(([id, status]) => previous.requirements[id] === 'passed' && (status === 'failed' || status === 'infrastructure-error'))
    .map(([id, status]) => ({ id, before: 'passed' as const, now: status }));
}
