// Sorts a finished test into what it means for the report, from structured data first:
// 1. a conformance failure the checks recorded (ContractCheckError, as a check-failure annotation) is
//    always reported, whatever ended the test afterwards (a timeout, a transport error, a crash);
// 2. the harness's own bugs (a check that threw, a TypeError in a test) are harness errors: never a
//    verdict on the server;
// 3. infrastructure trouble (the target unreachable or too slow) is only what is left when nothing
//    else went wrong: it says nothing about the contract.
// Error texts are read only at their start, where the harness or Playwright names the failure: a
// server's body quoted later in a message (a gateway's "ECONNREFUSED" page) can never make a
// conformance failure look like a network error.
import type { TestOutcome } from './model.ts';
import { NOT_APPLICABLE, NOT_CHECKED } from './annotations.ts';

/** Optional "Error: " / "TransportError: " prefix, as Playwright prints a thrown error's first line. */
const NAME = String.raw`^(?:[A-Za-z]*Error: )?`;
const NETWORK = String.raw`(?:connect )?(?:ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ETIMEDOUT|ENETUNREACH)\b|getaddrinfo \w+|socket hang up|read ECONNRESET`;
const NET_ERR = String.raw`net::ERR_(?:CONNECTION_(?:REFUSED|RESET|CLOSED|TIMED_OUT|FAILED)|NAME_NOT_RESOLVED|TIMED_OUT|ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED)`;

const INFRASTRUCTURE_PATTERNS: readonly RegExp[] = [
  new RegExp(`${NAME}infrastructure error\\b`, 'i'), // TransportError / RateLimitedError: the client's own classification
  new RegExp(`${NAME}(?:${NETWORK})`),
  new RegExp(`${NAME}apiRequestContext\\.\\w+: (?:Timeout \\d+ms exceeded|Request timed out|${NETWORK})`, 'i'),
  new RegExp(`${NAME}page\\.(?:goto|reload|waitForNavigation): (?:Timeout \\d+ms exceeded|${NET_ERR})`, 'i'),
];

/** A document the browser could not fetch for network reasons (the browser suite's structured evidence). */
const DOCUMENT_NETWORK_FAILURE = new RegExp(NET_ERR);

/** Errors that only echo the test running out of time (the timeout itself, and what it cut short). */
const TIMEOUT_ECHOES: readonly RegExp[] = [/^(?:Error: )?Test timeout of \d+ms exceeded/, /^(?:Error: )?Test ended\b/, /Target page, context or browser has been closed/, /Request context disposed/];

/** JavaScript's own errors: a bug in harness or test code, not an assertion about the server. */
const HARNESS_BUG = /^(?:Error: )?(?:Property failed after \d+ run\(s\): )?(?:TypeError|ReferenceError|RangeError|SyntaxError|EvalError|URIError|HarnessError)\b/;

/** Whether an error's own first words say the target could not be talked to. */
export function isInfrastructureError(message: string): boolean {
  const first = firstLineOf(message);
  return INFRASTRUCTURE_PATTERNS.some((re) => re.test(first));
}

export function isHarnessBug(message: string): boolean {
  return HARNESS_BUG.test(firstLineOf(message));
}

export interface FinalResult {
  readonly status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  readonly errors: readonly string[];
  /** The skip annotation's description, when the test skipped itself. */
  readonly skipReason?: string;
  /** Conformance failures the checks recorded during the test (check-failure annotations). */
  readonly checkFailures?: number;
  /** The harness's own errors recorded during the test (a check that threw). */
  readonly harnessErrors?: readonly string[];
  /** Network failures of documents the browser suite tried to open (its 'browser evidence'). */
  readonly documentFailures?: readonly string[];
  /** Requests still waiting for the target when the test ended (in-flight annotations). */
  readonly inFlight?: readonly string[];
}

export function classifyOutcome(result: FinalResult): { outcome: TestOutcome; reason?: string } {
  // A conformance failure is reported whatever happened next in the test.
  if ((result.checkFailures ?? 0) > 0) return { outcome: 'failed' };
  switch (result.status) {
    case 'passed':
      return { outcome: 'passed' };
    case 'interrupted':
      return { outcome: 'interrupted', reason: 'the run was interrupted before this check finished' };
    case 'skipped':
      return classifySkip(result.skipReason);
    case 'failed':
    case 'timedOut':
      return classifyFailure(result);
  }
}

function classifyFailure(result: FinalResult): { outcome: TestOutcome; reason?: string } {
  const own = result.errors.filter((e) => !TIMEOUT_ECHOES.some((re) => re.test(e)));
  const harness = [...(result.harnessErrors ?? []), ...own.filter(isHarnessBug)];
  if (harness.length > 0) return { outcome: 'harness-error', reason: `the harness itself failed (not a verdict on the server): ${firstLineOf(harness[0]!)}` };
  const conformance = own.filter((e) => !isInfrastructureError(e));
  const networkDocuments = (result.documentFailures ?? []).filter((f) => DOCUMENT_NETWORK_FAILURE.test(f));
  // An assertion over a page the browser could not even fetch says nothing about the server.
  if (conformance.length > 0 && networkDocuments.length === 0) return { outcome: 'failed' };
  if (own.length > 0 || networkDocuments.length > 0) return { outcome: 'infrastructure-error', ...(networkDocuments.length > 0 && conformance.length > 0 && { reason: `the browser could not reach the page: ${networkDocuments[0]}` }) };
  // Only the timeout: nothing failed before it, so it is the target's slowness or the environment's.
  const waiting = result.inFlight?.[0];
  return { outcome: 'infrastructure-error', reason: waiting ? `the check ran out of time: ${waiting}` : 'the check ran out of time (no conformance failure was recorded before)' };
}

function classifySkip(reason: string | undefined): { outcome: TestOutcome; reason: string } {
  const text = (reason ?? '').trim();
  if (text.toLowerCase().startsWith(NOT_APPLICABLE)) return { outcome: 'not-applicable', reason: text.slice(NOT_APPLICABLE.length).trim() || '(no reason given)' };
  if (text.toLowerCase().startsWith(NOT_CHECKED)) return { outcome: 'not-checked', reason: text.slice(NOT_CHECKED.length).trim() || '(no reason given)' };
  return { outcome: 'not-checked', reason: text ? `skipped: ${text}` : 'skipped without a reason' };
}

function firstLineOf(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}
