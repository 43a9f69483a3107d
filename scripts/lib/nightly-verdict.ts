// What a sharded nightly run means, as one exit code and one line a CI shows: the merged report's
// exit code (src/cli/exit-code.ts decides it, as for `npm run conformance`), unless the pipeline
// itself did not deliver (a shard without a blob, no merged report, a secret in an artifact).
// Both drop-in pipelines (ci/github, ci/gitlab) map these codes to what their UI can show.
import type { ConformanceReport } from '../../src/report/model.ts';
import { EXIT, exitCodeOf } from '../../src/cli/exit-code.ts';

/**
 * Any exit code beyond EXIT's meanings is a harness or pipeline error, never "contract broken".
 * This is the one the nightly scripts use themselves (a missing shard, no report, a leaked secret).
 */
export const PIPELINE_ERROR = 4;

export type VerdictKind = 'passed' | 'contract-broken' | 'bad-configuration' | 'infrastructure' | 'harness-error';

export interface NightlyVerdict {
  readonly code: number;
  readonly kind: VerdictKind;
  /** A short title for a CI annotation or a step name. */
  readonly title: string;
  /** One line: what happened and what it does not mean. */
  readonly line: string;
}

const TITLES: Readonly<Record<VerdictKind, string>> = {
  passed: 'Nightly conformance passed',
  'contract-broken': 'Contract broken: the API failed documented rules',
  'bad-configuration': 'Bad configuration (not a contract failure)',
  infrastructure: 'Infrastructure error: the target could not be reached (not a contract failure)',
  'harness-error': 'Harness or pipeline error (not a contract failure)',
};

const KIND_OF_EXIT: ReadonlyMap<number, VerdictKind> = new Map([
  [EXIT.ok, 'passed'],
  [EXIT.conformanceFailure, 'contract-broken'],
  [EXIT.badConfiguration, 'bad-configuration'],
  [EXIT.infrastructureOnly, 'infrastructure'],
]);

/** Any other code (4, or one EXIT does not know) is a harness or pipeline error, never "contract broken". */
export function kindOfExitCode(code: number): VerdictKind {
  return KIND_OF_EXIT.get(code) ?? 'harness-error';
}

export function verdictOfExitCode(code: number, line: string): NightlyVerdict {
  const kind = kindOfExitCode(code);
  return { code, kind, title: TITLES[kind], line };
}

export interface MergeOutcome {
  /** The merged conformance report, if merge-reports wrote one. */
  readonly report?: ConformanceReport;
  readonly expectedShards: number;
  /** Blob reports that reached the merge step. */
  readonly deliveredShards: number;
  /** Files of the merged reports that contained the HMAC secret (then deleted, never published). */
  readonly secretHits?: readonly string[];
  /** merge-reports' own exit code, for the message when no report came out. */
  readonly mergeExitCode?: number;
}

/** The nightly's verdict. A contract failure is never hidden by missing shards or infrastructure trouble. */
export function nightlyVerdict(outcome: MergeOutcome): NightlyVerdict {
  const { report, expectedShards, deliveredShards } = outcome;
  if (outcome.secretHits?.length) {
    const failed = report?.counts.failed ? ` (the run had also found ${report.counts.failed} failed rules: re-run it once this is fixed)` : '';
    return verdictOfExitCode(PIPELINE_ERROR, `the merged reports contained the HMAC secret (${outcome.secretHits.join(', ')}); they were deleted and not published: report this harness bug${failed}`);
  }
  if (!report) {
    const why = deliveredShards === 0 ? `no shard delivered a blob report (expected ${expectedShards})` : `merge-reports wrote no conformance report (exit ${outcome.mergeExitCode ?? 'unknown'})`;
    return verdictOfExitCode(PIPELINE_ERROR, why);
  }
  const code = exitCodeOf(report);
  const counts = `${report.counts.passed} rules passed, ${report.counts.failed} failed, ${report.counts.infrastructureError} infrastructure errors, ${report.counts.notChecked} not checked`;
  const seed = `seed ${report.run.seed ?? 'unknown'}`;
  if (code === EXIT.conformanceFailure) {
    const failed = report.requirements.filter((r) => r.status === 'failed').map((r) => r.id);
    const missing = deliveredShards < expectedShards ? ` (and only ${deliveredShards} of ${expectedShards} shards reported)` : '';
    return verdictOfExitCode(code, `${failed.length ? `failed: ${failed.join(', ')}` : 'checks failed'} · ${counts} · ${seed}${missing}`);
  }
  if (deliveredShards < expectedShards) {
    return verdictOfExitCode(PIPELINE_ERROR, `only ${deliveredShards} of ${expectedShards} shards delivered a blob report: the merged report is incomplete · ${counts} · ${seed}`);
  }
  // No check failed, yet Playwright did not finish cleanly: a test file that did not load, a crashed
  // worker, the global timeout. Whatever did not run must not add up to a pass.
  if (code === EXIT.ok && report.run.playwrightStatus !== 'passed') {
    return verdictOfExitCode(PIPELINE_ERROR, `Playwright ended the run as "${report.run.playwrightStatus}" although no check failed: see the shards' logs · ${counts} · ${seed}`);
  }
  return verdictOfExitCode(code, `${counts} · ${seed} · from ${report.run.shards} shard${report.run.shards === 1 ? '' : 's'}`);
}
