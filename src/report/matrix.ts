// The requirement matrix: every id of the catalog, decided from what each test says about it
// (attribution.ts: its tags, its per-rule verdicts, the rules its failures broke). A rule passes only
// if at least one check decided it and every one passed; it fails if any failed. An observation is
// never passed or failed: it was observed (with what was seen) or it was not.
import type { Requirement } from '../contract/index.ts';
import { verdictOn, type TestRuleVerdict } from './attribution.ts';
import type { Counts, RequirementResult, RequirementStatus, TestCounts, TestRecord, VerdictCode } from './model.ts';
import { firstLine } from './text.ts';

export { firstLine } from './text.ts';

export interface MatrixOptions {
  /** Builds the command that re-runs every check of one requirement. */
  readonly command: (id: string, projects: readonly string[]) => string;
  /** What narrowed the run, if anything: explains "no test ran for it". */
  readonly filters: readonly string[];
}

export function buildMatrix(catalog: readonly Requirement[], tests: readonly TestRecord[], options: MatrixOptions): RequirementResult[] {
  return catalog.map((req) => {
    if (req.kind === 'observation') {
      const tagged = tests.filter((t) => t.requirementIds.includes(req.id));
      const counts = { passed: count(tagged, ['passed']), failed: count(tagged, ['failed']), infrastructure: count(tagged, ['infrastructure-error']), skipped: tagged.length - count(tagged, ['passed', 'failed', 'infrastructure-error']) };
      const projects = [...new Set(tagged.map((t) => t.project))].sort();
      const base = { id: req.id, kind: req.kind, statement: req.statement, source: req.source, testIds: tagged.map((t) => t.id), counts, command: options.command(req.id, projects) };
      return { ...base, ...decideObservation(req.id, tagged, tests, options.filters) };
    }
    const verdicts = tests.map((t) => verdictOn(t, req.id)).filter((v): v is TestRuleVerdict => v !== undefined);
    const counts = {
      passed: verdicts.filter((v) => v.verdict === 'passed').length,
      failed: verdicts.filter((v) => v.verdict === 'failed').length,
      infrastructure: verdicts.filter((v) => v.verdict === 'infrastructure-error').length,
      skipped: verdicts.filter((v) => v.verdict === 'not-checked' || v.verdict === 'not-applicable').length,
    };
    // Re-run the checks tagged with the rule (a failure on an untagged rule is re-run by its test's own command).
    const projects = [...new Set(verdicts.filter((v) => v.test.requirementIds.includes(req.id)).map((v) => v.test.project))].sort();
    const base = { id: req.id, kind: req.kind, statement: req.statement, source: req.source, testIds: verdicts.map((v) => v.test.id), counts, command: options.command(req.id, projects) };
    return { ...base, ...decideRule(verdicts, options.filters) };
  });
}

function count(tests: readonly TestRecord[], outcomes: readonly TestRecord['outcome'][]): number {
  return tests.filter((t) => outcomes.includes(t.outcome)).length;
}

function noTestReason(filters: readonly string[]): string {
  return filters.length ? `no test ran for it (this run was narrowed: ${filters.join('; ')})` : 'no test ran for it: no check in the selected suites is tagged with it';
}

function decideRule(verdicts: readonly TestRuleVerdict[], filters: readonly string[]): { status: RequirementStatus; why?: string } {
  if (verdicts.length === 0) return { status: 'not-checked', why: noTestReason(filters) };
  const failed = verdicts.filter((v) => v.verdict === 'failed');
  if (failed.length) return { status: 'failed', why: `${failed.length} of ${verdicts.length} checks failed: ${firstLine(failed[0]!.test.errors[0] ?? failed[0]!.reason ?? failed[0]!.test.title)}` };
  const infra = verdicts.filter((v) => v.verdict === 'infrastructure-error');
  if (infra.length) return { status: 'infrastructure-error', why: `${infra.length} of ${verdicts.length} checks could not talk to the target: ${firstLine(infra[0]!.test.errors[0] ?? infra[0]!.reason ?? '')}` };
  const passed = verdicts.filter((v) => v.verdict === 'passed');
  const notApplicable = verdicts.filter((v) => v.verdict === 'not-applicable');
  const unchecked = verdicts.filter((v) => v.verdict === 'not-checked');
  if (unchecked.length === 0 && passed.length > 0) {
    const exercised = passed.reduce((sum, v) => sum + (v.exercised ?? 0), 0);
    const ran = `${passed.length === 1 ? 'its check' : `all ${passed.length} checks`} ran and passed${exercised ? ` (${exercised} exchange${exercised === 1 ? '' : 's'} of checks that count per rule asserted it)` : ''}`;
    return notApplicable.length ? { status: 'passed', why: `${ran}; ${notApplicable.length} not applicable: ${reasons(notApplicable)}` } : { status: 'passed', why: ran };
  }
  if (unchecked.length === 0) return { status: 'not-applicable', why: reasons(notApplicable) };
  const partly = passed.length ? `partly checked (${passed.length} of ${verdicts.length} passed); ` : '';
  return { status: 'not-checked', why: `${partly}${reasons(unchecked)}` };
}

function decideObservation(id: string, tagged: readonly TestRecord[], all: readonly TestRecord[], filters: readonly string[]): { status: RequirementStatus; why?: string; observed?: Array<{ value: string; count: number }> } {
  // Any check may record an observation, tagged with the id or not.
  const seen = new Map<string, number>();
  for (const test of all) for (const o of test.observations) if (o.id === id) seen.set(o.observed, (seen.get(o.observed) ?? 0) + 1);
  if (seen.size) return { status: 'observed', observed: [...seen].map(([value, count]) => ({ value, count })) };
  if (tagged.length === 0) return { status: 'not-observed', why: noTestReason(filters) };
  const failed = tagged.find((t) => t.outcome === 'failed' || t.outcome === 'infrastructure-error');
  if (failed) return { status: 'not-observed', why: `the check stopped before recording: ${firstLine(failed.errors[0] ?? failed.reason ?? '')}` };
  const skipped = tagged.filter((t) => t.outcome !== 'passed');
  if (skipped.length) return { status: 'not-observed', why: reasons(skipped) };
  return { status: 'not-observed', why: 'its checks ran but recorded no observation' };
}

function reasons(items: ReadonlyArray<{ reason?: string }>): string {
  const distinct = [...new Set(items.map((t) => t.reason ?? 'no reason given'))];
  return distinct.slice(0, 3).join('; ') + (distinct.length > 3 ? `; and ${distinct.length - 3} more` : '');
}

export function countRequirements(results: readonly RequirementResult[]): Counts {
  const of = (status: RequirementStatus) => results.filter((r) => r.status === status).length;
  return {
    passed: of('passed'),
    failed: of('failed'),
    infrastructureError: of('infrastructure-error'),
    notChecked: of('not-checked'),
    notApplicable: of('not-applicable'),
    observed: of('observed'),
    notObserved: of('not-observed'),
    rules: results.filter((r) => r.kind === 'rule').length,
    observations: results.filter((r) => r.kind === 'observation').length,
  };
}

export function countTests(tests: readonly TestRecord[]): TestCounts {
  const of = (outcome: TestRecord['outcome']) => tests.filter((t) => t.outcome === outcome).length;
  return {
    total: tests.length,
    passed: of('passed'),
    failed: of('failed'),
    infrastructureError: of('infrastructure-error'),
    harnessError: of('harness-error'),
    notChecked: of('not-checked'),
    notApplicable: of('not-applicable'),
    interrupted: of('interrupted'),
    flaky: tests.filter((t) => t.flaky).length,
  };
}

/** One line a person reads first. Failures outrank infrastructure trouble, which outranks gaps. */
export function verdictOf(counts: Counts, tests: TestCounts, runErrors = 0): { code: VerdictCode; line: string } {
  const rules = counts.rules;
  const broken = tests.harnessError + runErrors;
  const harness = broken > 0 ? ` The harness also broke ${broken} time${broken === 1 ? '' : 's'} (see Warnings).` : '';
  if (counts.failed > 0) return { code: 'not-conformant', line: `NOT CONFORMANT: ${counts.failed} of ${rules} rules failed.${harness}` };
  if (broken > 0) {
    const where = [tests.harnessError ? `${tests.harnessError} check${tests.harnessError === 1 ? '' : 's'} hit a bug in the harness itself` : '', runErrors ? `${runErrors} error${runErrors === 1 ? '' : 's'} outside any check (a suite that did not load, a crashed worker)` : ''].filter(Boolean).join(' and ');
    return { code: 'harness-error', line: `HARNESS ERROR: no rule failed, but ${where}; the rules they decide are not checked (see Warnings). This is not a verdict on the server.` };
  }
  if (tests.failed > 0) {
    // A failing check that decides no rule is a harness self-check or an untagged test: say so plainly.
    return { code: 'checks-failed', line: `NO RULE FAILED, BUT ${tests.failed} CHECK${tests.failed === 1 ? '' : 'S'} OUTSIDE THE CATALOG FAILED (see Warnings).` };
  }
  if (counts.infrastructureError > 0 || tests.infrastructureError > 0) {
    return { code: 'inconclusive', line: `INCONCLUSIVE: no rule failed, but ${counts.infrastructureError} rules could not be checked because the target was unreachable or too slow.` };
  }
  if (counts.passed + counts.notApplicable === rules) {
    const na = counts.notApplicable ? `; ${counts.notApplicable} do not apply to this target` : '';
    return { code: 'conformant', line: `CONFORMANT: ${counts.passed} of ${rules} rules passed${na}.` };
  }
  return { code: 'incomplete', line: `NO FAILURES, INCOMPLETE: ${counts.passed} of ${rules} rules passed; ${counts.notChecked} were not checked.` };
}
