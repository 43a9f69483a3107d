// Sorts a finished test into what it means for the report. Infrastructure trouble (the target could
// not be reached, or did not answer in time) is kept apart from conformance failures: it says nothing
// about the contract, and a person fixes it by fixing the environment, not the server.
import type { TestOutcome } from './model.ts';
import { NOT_APPLICABLE, NOT_CHECKED } from './annotations.ts';

const INFRASTRUCTURE_PATTERNS: readonly RegExp[] = [
  /infrastructure error/i, // TransportError, the client's own classification
  /\bECONNREFUSED\b|\bECONNRESET\b|\bENOTFOUND\b|\bEAI_AGAIN\b|\bEHOSTUNREACH\b|\bETIMEDOUT\b|socket hang up/,
  /net::ERR_(CONNECTION_(REFUSED|RESET|CLOSED|TIMED_OUT|FAILED)|NAME_NOT_RESOLVED|TIMED_OUT|ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED)/,
  /apiRequestContext\.\w+: (Timeout|connect|Request timed out)/i,
  /page\.(goto|reload|waitForNavigation): Timeout \d+ms exceeded/i,
];

export function isInfrastructureError(message: string): boolean {
  return INFRASTRUCTURE_PATTERNS.some((re) => re.test(message));
}

export interface FinalResult {
  readonly status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  readonly errors: readonly string[];
  /** The skip annotation's description, when the test skipped itself. */
  readonly skipReason?: string;
}

/**
 * A test that ran out of time spent it waiting on the target (every check's only slow part is the
 * target); a check that wants a hang to count as non-conformance fails with its own message instead.
 */
export function classifyOutcome(result: FinalResult): { outcome: TestOutcome; reason?: string } {
  switch (result.status) {
    case 'passed':
      return { outcome: 'passed' };
    case 'interrupted':
      return { outcome: 'interrupted', reason: 'the run was interrupted before this check finished' };
    case 'timedOut':
      return { outcome: 'infrastructure-error', reason: 'the check ran out of time waiting for the target' };
    case 'skipped':
      return classifySkip(result.skipReason);
    case 'failed':
      return result.errors.some(isInfrastructureError) ? { outcome: 'infrastructure-error' } : { outcome: 'failed' };
  }
}

function classifySkip(reason: string | undefined): { outcome: TestOutcome; reason: string } {
  const text = (reason ?? '').trim();
  if (text.toLowerCase().startsWith(NOT_APPLICABLE)) return { outcome: 'not-applicable', reason: text.slice(NOT_APPLICABLE.length).trim() || '(no reason given)' };
  if (text.toLowerCase().startsWith(NOT_CHECKED)) return { outcome: 'not-checked', reason: text.slice(NOT_CHECKED.length).trim() || '(no reason given)' };
  return { outcome: 'not-checked', reason: text ? `skipped: ${text}` : 'skipped without a reason' };
}
