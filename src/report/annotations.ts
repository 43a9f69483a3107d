// How a test tells the report what it saw beyond pass/fail. Requirement ids are Playwright tags
// (`{ tag: ['@SM-VAL-STATE'] }`), so `--grep @SM-VAL-STATE` re-runs one rule; "not checked" is a
// skip whose reason starts with NOT_CHECKED; the rest are annotations read by the conformance reporter.
import type { TestInfo } from '@playwright/test';

export const NOT_CHECKED = 'not checked:';
/** A rule that cannot apply to this target (e.g. the PayPal email rule for a non-PayPal participant). */
export const NOT_APPLICABLE = 'not applicable:';

export type AnnotationType = 'observation' | 'drift' | 'warning';

/** Undocumented behaviour: recorded with what was seen, never passed or failed. */
export function observe(testInfo: TestInfo, id: string, observed: string): void {
  testInfo.annotations.push({ type: 'observation', description: JSON.stringify({ id, observed }) });
}

/** A field or type in a live response that the contract does not declare. */
export function drift(testInfo: TestInfo, path: string, observed: string): void {
  testInfo.annotations.push({ type: 'drift', description: JSON.stringify({ path, observed }) });
}

/** Suspicious but not a contract failure (e.g. a 2xx carrying an error status). */
export function warn(testInfo: TestInfo, message: string): void {
  testInfo.annotations.push({ type: 'warning', description: message });
}

/** Tags for requirement ids: '@SM-VAL-STATE'. */
export function requirementTags(...ids: string[]): string[] {
  return ids.map((id) => `@${id}`);
}

/** Marks the running test "not checked" with the reason (shown in the report, never a pass). */
export function notChecked(testInfo: TestInfo, reason: string): never {
  testInfo.skip(true, `${NOT_CHECKED} ${reason}`);
  throw new Error('unreachable');
}

/**
 * Marks the running test "not applicable" with the reason: the rule does not apply to this target's
 * configuration. The certificate accepts it in place of a pass; a plain "not checked" it does not.
 */
export function notApplicable(testInfo: TestInfo, reason: string): never {
  testInfo.skip(true, `${NOT_APPLICABLE} ${reason}`);
  throw new Error('unreachable');
}

// Structured notes the harness writes while a test runs, so the reporter classifies from data rather
// than from the wording of the test's final error (which may be a timeout or a transport error that
// came after a conformance failure, or quote a server's body).

/** A check found the server breaking a rule on one exchange (ContractCheckError). */
export const CHECK_FAILURE = 'check-failure';
/** The harness itself broke: a check threw, or a test's own code did. Never a verdict on the server. */
export const HARNESS_ERROR = 'harness-error';
/** What a test established about one rule, from the cases that exercised it. */
export const RULE_VERDICT = 'rule-verdict';
/** A request still waiting for the target's answer when the test ended (what a timeout was waiting on). */
export const IN_FLIGHT = 'in-flight';

export interface CheckFailureNote {
  /** The rules the failing exchange broke: the failure is reported under these, not the test's whole tag list. */
  readonly requirementIds: readonly string[];
  readonly checks: readonly string[];
  /** The first failing exchange's label. */
  readonly label: string;
  /** Exchanges that failed this way in the test (a property shrinking its counterexample fails many). */
  readonly count: number;
}

export type RuleVerdictStatus = 'passed' | 'failed' | 'not-checked' | 'not-applicable';

export interface RuleVerdictNote {
  readonly id: string;
  readonly verdict: RuleVerdictStatus;
  /** Exchanges whose checks asserted the rule (held or broke). */
  readonly exercised: number;
  /** Exchanges on which the server broke it. */
  readonly failed: number;
  /**
   * true: the test decides this rule per rule (the reporter prefers this verdict over its tag list);
   * false: only what its expectations happened to assert, used to keep a rule's verdict when the test
   * failed on another rule.
   */
  readonly declared: boolean;
  readonly reason?: string;
}

/**
 * Records a check failure, or counts one more of the same kind. The annotation is written at once, so
 * the failure is on record whatever ends the test afterwards (a timeout, a transport error, a crash).
 */
export function recordCheckFailure(testInfo: TestInfo, note: Omit<CheckFailureNote, 'count'>): void {
  const key = JSON.stringify([[...note.requirementIds].sort(), [...note.checks].sort()]);
  for (const annotation of testInfo.annotations) {
    if (annotation.type !== CHECK_FAILURE || !annotation.description) continue;
    const existing = JSON.parse(annotation.description) as CheckFailureNote;
    if (JSON.stringify([[...existing.requirementIds].sort(), [...existing.checks].sort()]) !== key) continue;
    annotation.description = JSON.stringify({ ...existing, count: existing.count + 1 });
    return;
  }
  testInfo.annotations.push({ type: CHECK_FAILURE, description: JSON.stringify({ ...note, count: 1 }) });
}

export function recordHarnessError(testInfo: TestInfo, message: string): void {
  testInfo.annotations.push({ type: HARNESS_ERROR, description: message });
}

export function recordRuleVerdict(testInfo: TestInfo, note: RuleVerdictNote): void {
  testInfo.annotations.push({ type: RULE_VERDICT, description: JSON.stringify(note) });
}
