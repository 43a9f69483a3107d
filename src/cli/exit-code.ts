// The exit codes of `npm run conformance`, one meaning each, so CI can tell a broken server from a
// broken environment without parsing output.
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
} as const;

export function exitCodeOf(report: ConformanceReport, certified?: boolean): number {
  if (report.counts.failed > 0 || report.testCounts.failed > 0) return EXIT.conformanceFailure;
  if (report.counts.infrastructureError > 0 || report.testCounts.infrastructureError > 0) return EXIT.infrastructureOnly;
  if (certified === false) return EXIT.conformanceFailure;
  return EXIT.ok;
}

export function describeExit(code: number): string {
  switch (code) {
    case EXIT.ok:
      return 'exit 0: no failures';
    case EXIT.conformanceFailure:
      return 'exit 1: conformance failures';
    case EXIT.badConfiguration:
      return 'exit 2: bad configuration';
    case EXIT.infrastructureOnly:
      return 'exit 3: infrastructure errors only (target down or too slow)';
    default:
      return `exit ${code}`;
  }
}
