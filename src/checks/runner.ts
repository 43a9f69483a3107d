// Runs checks over an exchange. It knows nothing about what a check checks: a check that throws is
// reported as that check's failure, never as a crash of the run.
import type { SessionResponse } from '../client/session-client.ts';
import { bodyStatus } from '../client/answer.ts';
import { dataNamesField } from './field-names.ts';
import type { Check, CheckContext, Finding } from './types.ts';

export function runChecks(checks: readonly Check[], exchange: SessionResponse, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    try {
      findings.push(...check.run(exchange, context));
    } catch (error) {
      findings.push({ kind: 'fail', check: check.name, requirementIds: check.requirementIds, message: `the check itself threw: ${(error as Error).message}` });
    }
  }
  return findings;
}

export function failuresOf(findings: readonly Finding[]): Array<Extract<Finding, { kind: 'fail' }>> {
  return findings.filter((f): f is Extract<Finding, { kind: 'fail' }> => f.kind === 'fail');
}

/** "[SM-RESP-EXPIRY] expiryIsIssuePlus30s: ..." one line per failure. */
export function formatFailures(findings: readonly Finding[]): string {
  return failuresOf(findings)
    .map((f) => `[${f.requirementIds.join(', ') || 'no requirement id'}] ${f.check}: ${f.message}`)
    .join('\n');
}

/** What the checks made of one exchange. */
export interface Judgement {
  readonly findings: Finding[];
  /** The rules the consumer's own expectations asserted on this exchange (the always-on checks' are not counted). */
  readonly asserted: string[];
  /** Checks that threw: the harness's bugs, never a verdict on the server. */
  readonly thrown: string[];
}

/**
 * The one checked path every exchange with the target takes (API suite, browser suite, onboarding):
 * the always-on checks, the naming check when the request broke fields on purpose, and the consumer's
 * own expectations. The always-on checks are not counted as asserting their rules: on most answers
 * they have nothing to check (an expiry on a 401), and a rule must not pass on a check that had
 * nothing to check.
 */
export function judgeExchange(exchange: SessionResponse, context: CheckContext, expectations: readonly Check[], alwaysOn: readonly Check[]): Judgement {
  const naming = context.brokenFields && context.brokenFields.length > 0 ? [dataNamesField] : [];
  const thrown: string[] = [];
  const guard = (check: Check): Check => ({
    name: check.name,
    requirementIds: check.requirementIds,
    run: (ex, ctx) => {
      try {
        return check.run(ex, ctx);
      } catch (error) {
        thrown.push(`the check ${check.name} threw ${(error as Error).name ?? 'an error'}: ${(error as Error).message ?? String(error)}`);
        return [];
      }
    },
  });
  const findings = runChecks([...alwaysOn, ...naming, ...expectations].map(guard), exchange, context);
  // The naming check asserts only on a 13400 (it has nothing to name otherwise).
  const asserting = [...expectations, ...(bodyStatus(exchange) === 13400 ? naming : [])];
  return { findings, asserted: [...new Set(asserting.flatMap((c) => c.requirementIds))], thrown };
}
