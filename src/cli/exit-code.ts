// The exit codes of `npm run conformance`, one meaning each, so CI can tell a broken server from a
// broken environment, and both from a broken harness, without parsing output.
import type { ConformanceReport } from '../report/model.ts';

export const EXIT = {
  /** Everything that ran passed (not-checked items are listed, not failed). */
  ok: 0,
  /** The server broke at least one rule, or (certification) did not earn the certificate. */
  conformanceFailure: 1,
  /** A bad configuration: one line on stderr says which variable. */
  badConfiguration: 2,
  /** Nothing failed, but the target could not be reached or timed out. */
  infrastructureOnly: 3,
  /** No rule failed, but the harness itself broke (a check threw, a bug in a test): fix the harness, not the server. */
  harnessError: 4,
} as const;

/**
 * A rule the server broke outranks everything (exit 1 is true whatever else happened); a harness bug
 * outranks infrastructure trouble (the run's verdicts are incomplete because of the harness, not the
 * network); a failed test that decides no rule is the harness's own failure too.
 */
export function exitCodeOf(report: ConformanceReport, certified?: boolean): number {
  if (report.counts.failed > 0) return EXIT.conformanceFailure;
  if (report.testCounts.harnessError > 0 || report.testCounts.failed > 0 || (report.runErrors?.length ?? 0) > 0) return EXIT.harnessError;
  if (report.counts.infrastructureError > 0 || report.testCounts.infrastructureError > 0) return EXIT.infrastructureOnly;
  if (certified === false) return EXIT.conformanceFailure;
  return EXIT.ok;
}

const EXIT_DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [EXIT.ok, 'exit 0: no failures'],
  [EXIT.conformanceFailure, 'exit 1: conformance failures'],
  [EXIT.badConfiguration, 'exit 2: bad configuration'],
  [EXIT.infrastructureOnly, 'exit 3: infrastructure errors only (target down or too slow)'],
  [EXIT.harnessError, 'exit 4: harness error (a check or test of the harness itself broke; not a verdict on the server)'],
]);

export function describeExit(code: number): string {
  return EXIT_DESCRIPTIONS.get(code) ?? `exit ${code}`;
}
