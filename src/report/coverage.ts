// Which rules a run could actually have failed. A rule is covered by a check that ran against this
// target (not skipped for it), is tagged with the rule (or judges it per rule), and decided it: a
// test that judges per rule decides only the rules its cases exercised. A skipped check, a tag on a
// test that never asserted the rule, and a check that could not talk to the target cover nothing.
import { verdictOn } from './attribution.ts';
import type { ConformanceReport } from './model.ts';

export interface RuleCoverage {
  readonly id: string;
  readonly covered: boolean;
  /** The checks that decided it ("file › title"). */
  readonly by: readonly string[];
  /** Why it is not covered: what its checks said instead. */
  readonly why?: string;
}

export function coverageOf(report: ConformanceReport): RuleCoverage[] {
  return report.requirements
    .filter((r) => r.kind === 'rule')
    .map((r) => {
      const verdicts = report.tests.map((t) => verdictOn(t, r.id)).filter((v) => v !== undefined);
      const deciding = verdicts.filter((v) => v.verdict === 'passed' || v.verdict === 'failed');
      if (deciding.length > 0) return { id: r.id, covered: true, by: deciding.map((v) => `${v.test.file} › ${v.test.title}`) };
      const why = verdicts.length === 0 ? 'no check in the run is tagged with it' : [...new Set(verdicts.map((v) => `${v.verdict}: ${v.reason ?? 'no reason given'}`))].join('; ');
      return { id: r.id, covered: false, by: [], why };
    });
}
