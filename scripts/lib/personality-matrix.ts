// What `npm run personalities` learnt from each run, and the matrix it prints: personality × profile,
// with the verdict, the rules passed / failed / not checked / infrastructure, the observations and
// the wall time; then every failure, infrastructure error and harness error with its rule id and
// message, and the rules not checked with why. Pure functions over the runs' results.
import { ITEMS } from '../../src/cli/onboarding/checklist.ts';
import { describeExit, EXIT } from '../../src/cli/exit-code.ts';
import type { ConformanceReport } from '../../src/report/model.ts';

export interface RuleLine {
  readonly id: string;
  readonly why: string;
}

/** One run of one profile against one personality. */
export interface PersonalityRun {
  readonly personality: string;
  readonly profile: string;
  readonly exitCode: number | null;
  readonly seconds: number;
  readonly timedOut: boolean;
  /** The report's verdict line, the checklist's last line, or why there is none. */
  readonly verdict: string;
  /** Suites: the report's rule counts. */
  readonly rules?: { passed: number; failed: number; notChecked: number; infrastructure: number; notApplicable: number; total: number };
  readonly observations?: { observed: number; total: number };
  /** Onboarding: the checklist's items. */
  readonly checklist?: { passed: number; failed: number; skipped: number; total: number };
  readonly failures: readonly RuleLine[];
  readonly infrastructure: readonly RuleLine[];
  readonly harnessErrors: readonly string[];
  readonly notChecked: readonly RuleLine[];
  readonly reportsDir: string;
  readonly logFile: string;
}

/** A run is good when it exited 0: no failure, no infrastructure error, no harness error, in time. */
export function runPassed(run: PersonalityRun): boolean {
  return run.exitCode === EXIT.ok && !run.timedOut;
}

const firstLine = (text: string | undefined, max = 200) => (text ?? '').split('\n')[0]!.slice(0, max);

export function fromReport(base: Pick<PersonalityRun, 'personality' | 'profile' | 'exitCode' | 'seconds' | 'timedOut' | 'reportsDir' | 'logFile'>, report: ConformanceReport | undefined, output: string): PersonalityRun {
  if (!report) {
    const why = base.timedOut ? 'stopped: the run outlived its time limit' : `no conformance report was written (${describeExit(base.exitCode ?? -1)})`;
    return { ...base, verdict: why, failures: [], infrastructure: [], harnessErrors: lastLines(output), notChecked: [] };
  }
  const c = report.counts;
  const of = (status: string) => report.requirements.filter((r) => r.kind === 'rule' && r.status === status).map((r) => ({ id: r.id, why: firstLine(r.why) }));
  const harnessErrors = [
    ...report.tests.filter((t) => t.outcome === 'harness-error' || (t.outcome === 'failed' && t.requirementIds.length === 0)).map((t) => `${t.titlePath.slice(1).join(' › ')}: ${firstLine(t.harnessErrors[0] ?? t.reason ?? t.errors[0])}`),
    ...report.runErrors.map((e) => firstLine(e)),
  ];
  return {
    ...base,
    verdict: base.timedOut ? `stopped after its time limit; so far: ${report.verdict.line}` : report.verdict.line,
    rules: { passed: c.passed, failed: c.failed, notChecked: c.notChecked, infrastructure: c.infrastructureError, notApplicable: c.notApplicable, total: c.rules },
    observations: { observed: c.observed, total: c.observations },
    failures: of('failed'),
    infrastructure: of('infrastructure-error'),
    harnessErrors,
    notChecked: [...of('not-checked'), ...of('not-applicable').map((r) => ({ ...r, why: `not applicable: ${r.why}` }))],
  };
}

/** The onboarding checklist's items, read from its output (✔ passed, ✘ failed, – skipped). */
export function fromOnboarding(base: Pick<PersonalityRun, 'personality' | 'profile' | 'exitCode' | 'seconds' | 'timedOut' | 'reportsDir' | 'logFile'>, output: string): PersonalityRun {
  const titles = new Map<string, string>(ITEMS.map(([key, title]) => [title, key]));
  const items: Array<{ state: string; id: string; why: string }> = [];
  for (const line of output.split('\n')) {
    const match = /^([✔✘–]) ([^:]+): (.*)$/.exec(line);
    if (match && titles.has(match[2]!)) items.push({ state: match[1]!, id: `onboarding:${titles.get(match[2]!)}`, why: firstLine(match[3]) });
  }
  const summary = output.split('\n').reverse().find((l) => /^\d+ of \d+ passed/.test(l));
  const failed = items.filter((i) => i.state === '✘');
  const infrastructure = base.exitCode === EXIT.infrastructureOnly;
  return {
    ...base,
    verdict: base.timedOut ? 'stopped: the checklist outlived its time limit' : summary ? `checklist: ${summary}` : `no checklist (${describeExit(base.exitCode ?? -1)})`,
    checklist: { passed: items.filter((i) => i.state === '✔').length, failed: failed.length, skipped: items.filter((i) => i.state === '–').length, total: ITEMS.length },
    failures: infrastructure ? [] : failed.map(({ id, why }) => ({ id, why })),
    infrastructure: infrastructure ? items.filter((i) => i.state !== '✔').map(({ id, why }) => ({ id, why })) : [],
    harnessErrors: summary || base.timedOut ? [] : lastLines(output),
    notChecked: items.filter((i) => i.state === '–' && !infrastructure).map(({ id, why }) => ({ id, why })),
  };
}

function lastLines(output: string): string[] {
  return output.trim().split('\n').slice(-3).map((l) => l.slice(0, 200));
}

/** The matrix, one row per run, then what failed and what was not checked, for the terminal and matrix.md. */
export function renderMatrix(runs: readonly PersonalityRun[]): string {
  const header = ['personality', 'profile', 'result', 'passed', 'failed', 'not chk', 'infra', 'n/a', 'observed', 'time'];
  const rows = runs.map((r) => [
    r.personality,
    r.profile,
    runPassed(r) ? 'pass' : r.timedOut ? 'TIMED OUT' : `FAIL (exit ${r.exitCode ?? 'killed'})`,
    ...(r.rules
      ? [String(r.rules.passed), String(r.rules.failed), String(r.rules.notChecked), String(r.rules.infrastructure), String(r.rules.notApplicable), `${r.observations!.observed}/${r.observations!.total}`]
      : r.checklist
        ? [`${r.checklist.passed}/${r.checklist.total}`, String(r.checklist.failed), String(r.checklist.skipped), r.exitCode === EXIT.infrastructureOnly ? 'yes' : '0', '', '']
        : ['', '', '', '', '', '']),
    `${r.seconds.toFixed(0)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  out.push('', 'Verdicts:');
  for (const r of runs) out.push(`  ${r.personality} / ${r.profile}: ${r.verdict}`);
  const listed = (title: string, pick: (r: PersonalityRun) => readonly RuleLine[]) => {
    const entries = runs.flatMap((r) => pick(r).map((x) => `  ${r.personality} / ${r.profile}  ${x.id}: ${x.why}`));
    if (entries.length) out.push('', `${title} (${entries.length}):`, ...entries);
  };
  listed('Failures', (r) => r.failures);
  listed('Infrastructure errors', (r) => r.infrastructure);
  const broken = runs.flatMap((r) => r.harnessErrors.map((e) => `  ${r.personality} / ${r.profile}  ${e}`));
  if (broken.length) out.push('', `Harness errors (${broken.length}):`, ...broken);
  listed('Not checked or not applicable (not failures)', (r) => r.notChecked);
  return out.join('\n');
}
