// Runs checks over an exchange. It knows nothing about what a check checks: a check that throws is
// reported as that check's failure, never as a crash of the run.
import type { SessionResponse } from '../client/session-client.ts';
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
