// What one finished test says about one rule. A test's tags name the rules it may decide; what it
// recorded while it ran says which it did decide:
// - a failure the checks recorded fails the rules its exchange broke, tagged or not, and only those;
// - a test that judges per rule (the property tests) passes a rule only if a case exercised it;
// - a test that failed on another rule keeps for this one what its own expectations established
//   (passed if one asserted it and held), else this rule was not checked;
// - a test that failed with no rule named (a plain assertion) fails every rule it is tagged with.
import type { RuleVerdictNote } from './annotations.ts';
import { firstLine } from './text.ts';
import type { TestRecord } from './model.ts';

export type TestVerdict = 'passed' | 'failed' | 'infrastructure-error' | 'not-checked' | 'not-applicable';

export interface TestRuleVerdict {
  readonly test: TestRecord;
  readonly verdict: TestVerdict;
  readonly reason?: string;
  /** Exchanges of this test that asserted the rule, when it counted them. */
  readonly exercised?: number;
}

/** The rule ids a test's recorded failures broke. */
export function failedRuleIds(test: TestRecord): Set<string> {
  return new Set(test.checkFailures.flatMap((f) => f.requirementIds));
}

/** Every rule a test has something to say about: its tags, its declared per-rule verdicts, its failures. */
export function rulesOf(test: TestRecord): Set<string> {
  return new Set([...test.requirementIds, ...test.ruleVerdicts.filter((v) => v.declared).map((v) => v.id), ...failedRuleIds(test)]);
}

export function verdictOn(test: TestRecord, id: string): TestRuleVerdict | undefined {
  if (!rulesOf(test).has(id)) return undefined;
  const failures = test.checkFailures.filter((f) => f.requirementIds.includes(id));
  if (failures.length > 0) {
    const count = failures.reduce((sum, f) => sum + f.count, 0);
    return { test, verdict: 'failed', reason: `${count === 1 ? 'an exchange' : `${count} exchanges`} broke it (${failures.map((f) => f.checks.join(', ')).join('; ')}) on "${failures[0]!.label}"` };
  }
  const own = test.ruleVerdicts.find((v) => v.id === id);
  const declared = own?.declared ? own : undefined;
  switch (test.outcome) {
    case 'not-checked':
    case 'not-applicable':
      return { test, verdict: test.outcome, reason: test.reason ?? 'no reason given' };
    case 'interrupted':
      return { test, verdict: 'not-checked', reason: test.reason ?? 'interrupted' };
    case 'infrastructure-error':
      return { test, verdict: 'infrastructure-error', reason: test.reason ?? firstLine(test.errors[0] ?? '') };
    case 'harness-error':
      return { test, verdict: 'not-checked', reason: test.reason ?? 'the harness itself failed' };
    case 'passed':
      return declared ? fromNote(test, declared) : { test, verdict: 'passed' };
    case 'failed': {
      const elsewhere = [...failedRuleIds(test)];
      // Nothing says which rule the failure broke: every rule the test stands for failed.
      if (elsewhere.length === 0) return { test, verdict: 'failed', reason: firstLine(test.errors[0] ?? test.title) };
      const note = declared ?? (own && own.exercised > 0 ? own : undefined);
      if (note) {
        const kept = fromNote(test, note);
        return kept.verdict === 'not-checked' ? { ...kept, reason: `${kept.reason} (the check stopped at a failure of ${elsewhere.join(', ')})` } : kept;
      }
      return { test, verdict: 'not-checked', reason: `the check failed on ${elsewhere.join(', ')} before it decided this rule` };
    }
  }
}

function fromNote(test: TestRecord, note: RuleVerdictNote): TestRuleVerdict {
  return { test, verdict: note.verdict, exercised: note.exercised, ...(note.reason !== undefined && { reason: note.reason }) };
}
