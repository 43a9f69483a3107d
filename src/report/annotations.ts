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
