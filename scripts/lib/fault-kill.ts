// Whether a run killed a fault mode, counted two ways:
// - loose: the run failed at all (any failed test that is not a broken run);
// - strict: a check failed, as a conformance failure, on one of the rules the fault breaks. Read from
//   the run's conformance.json, where the reporter attributes each failure to the rules its exchange
//   broke: an infrastructure error, a harness error, a timeout or another rule's failure does not count.
// A fault that only the loose count kills was caught by accident (a check of another rule tripped over
// it, or the run broke): the harness has no check that names what the fault broke.
import type { ConformanceReport } from '../../src/report/model.ts';
import type { RunResult } from './playwright-run.ts';

export interface KillVerdict {
  readonly loose: boolean;
  readonly strict: boolean;
  /** What killed it: the rule and why it failed (strict), else the first failed test (loose), else why not. */
  readonly killedBy: string;
}

/** The fault's rules the report marks failed, with the first line of why. */
export function failedFaultRules(report: ConformanceReport | undefined, requirementIds: readonly string[]): Array<{ id: string; why: string }> {
  if (!report) return [];
  return report.requirements
    .filter((r) => r.status === 'failed' && requirementIds.includes(r.id))
    .map((r) => ({ id: r.id, why: (r.why ?? '').split('\n')[0]!.slice(0, 160) }));
}

export function judgeKill(result: RunResult, requirementIds: readonly string[]): KillVerdict {
  const first = result.failures[0];
  const loose = result.failed > 0 && !!first && first.status !== 'broken';
  const rules = failedFaultRules(result.report, requirementIds);
  if (rules.length > 0) return { loose, strict: true, killedBy: rules.map((r) => `${r.id}: ${r.why}`).join('; ') };
  const firstTest = first ? `${first.file.replace(/^.*tests\//, '')} › ${first.title}` : undefined;
  if (loose) {
    const failedRules = result.report?.requirements.filter((r) => r.status === 'failed').map((r) => r.id) ?? [];
    const other = failedRules.length ? `other rules failed: ${failedRules.join(', ')}` : result.report ? 'no rule failed (infrastructure, harness error or timeout)' : 'no conformance report';
    return { loose, strict: false, killedBy: `${firstTest} (${other})` };
  }
  return { loose: false, strict: false, killedBy: result.timedOut ? '(run timed out)' : (firstTest ?? '—') };
}

/** Combines the verdicts of the runs made for one fault: killed if any run killed it, in each sense. */
export function combineKills(verdicts: readonly KillVerdict[]): KillVerdict {
  const strict = verdicts.find((v) => v.strict);
  const loose = verdicts.find((v) => v.loose);
  return { loose: !!loose, strict: !!strict, killedBy: (strict ?? loose ?? verdicts[verdicts.length - 1])?.killedBy ?? '—' };
}
