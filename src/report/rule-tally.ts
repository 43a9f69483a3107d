// Per-rule bookkeeping of one test: how many exchanges asserted each rule, and how many broke it. A
// property tagged with fifteen rules earns a verdict per rule from its own cases: a rule no generated
// case exercised is "not checked" (or "not applicable", with the reason), never "passed"; a
// counterexample fails the rules it broke, not the whole tag list.
import type { RuleVerdictNote } from './annotations.ts';

export interface PerRuleOptions {
  /** Rules that cannot apply to this target, with the reason, used when no case exercised them. */
  readonly notApplicable?: Readonly<Record<string, string>>;
  /** Why an unexercised rule was not checked (default: no case exercised it). */
  readonly unexercised?: string;
}

export class RuleTally {
  private readonly exercisedBy = new Map<string, number>();
  private readonly failedBy = new Map<string, number>();
  private readonly declared = new Map<string, PerRuleOptions>();

  /** The test decides these rules one by one (its tag list no longer stands for them). */
  declare(ids: readonly string[], options: PerRuleOptions = {}): void {
    for (const id of ids) this.declared.set(id, options);
  }

  /** One more exchange asserted these rules. */
  exercised(ids: readonly string[], count = 1): void {
    for (const id of new Set(ids)) this.exercisedBy.set(id, (this.exercisedBy.get(id) ?? 0) + count);
  }

  /** One more exchange broke these rules (it exercised them too). */
  failed(ids: readonly string[]): void {
    for (const id of new Set(ids)) {
      this.failedBy.set(id, (this.failedBy.get(id) ?? 0) + 1);
      this.exercisedBy.set(id, (this.exercisedBy.get(id) ?? 0) + 1);
    }
  }

  get isEmpty(): boolean {
    return this.exercisedBy.size === 0 && this.declared.size === 0;
  }

  /** A verdict for every declared rule, and a note for every other rule an expectation asserted. */
  verdicts(): RuleVerdictNote[] {
    const ids = [...new Set([...this.declared.keys(), ...this.exercisedBy.keys()])].sort();
    return ids.map((id) => {
      const exercised = this.exercisedBy.get(id) ?? 0;
      const failed = this.failedBy.get(id) ?? 0;
      const options = this.declared.get(id);
      const base = { id, exercised, failed, declared: options !== undefined };
      if (failed > 0) return { ...base, verdict: 'failed', reason: `${failed} of ${exercised} exchange${exercised === 1 ? '' : 's'} that asserted it broke it` };
      if (exercised > 0) return { ...base, verdict: 'passed', reason: `${exercised} exchange${exercised === 1 ? '' : 's'} asserted it` };
      const notApplicable = options?.notApplicable?.[id];
      if (notApplicable) return { ...base, verdict: 'not-applicable', reason: notApplicable };
      return { ...base, verdict: 'not-checked', reason: options?.unexercised ?? 'no case of this check exercised it' };
    });
  }
}
