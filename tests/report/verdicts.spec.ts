// Every verdict earns its word: fake results that the reporter used to misfile, each filed right now.
// Each is what a real run hands the reporter (a TestCase, its final TestResult with errors,
// annotations and attachments), through the same path (toTestRecord → the matrix → the exit code).
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { propertyParameters } from '../../generators/index.ts';
import { exitCodeOf, EXIT } from '../../src/cli/exit-code.ts';
import { coverageOf } from '../../src/report/coverage.ts';
import type { ConformanceReport } from '../../src/report/model.ts';
import { checkFailure, contractFailure, declared, filed, harnessError, inFlight, ruleVerdict } from './support/fake-results.ts';
import { playwright } from './support/spawn.ts';
import { reportOf } from './support/records.ts';

const SINGLE_RULE_TAGS = [
  'SM-RESP-ERROR-SHAPE', 'SM-IDEM-FAILED-NOT-STORED', 'SM-VAL-TYPES', 'SM-VAL-REQUIRED-PARTICIPANT-UNIQUE-ID1', 'SM-VAL-REQUIRED-RECIPIENT-INFORMATION',
  'SM-VAL-REQUIRED-FIRST-NAME', 'SM-VAL-REQUIRED-LAST-NAME', 'SM-VAL-REQUIRED-ADDRESS-LINE1', 'SM-VAL-REQUIRED-CITY', 'SM-VAL-REQUIRED-STATE',
  'SM-VAL-REQUIRED-ZIP-CODE', 'SM-VAL-STATE', 'SM-VAL-ZIP', 'SM-VAL-PHONE-DIGITS', 'SM-VAL-EMAIL-PAYPAL',
];
const tags = (...ids: string[]) => ids.map((id) => `@${id}`);
const status = (report: ConformanceReport, id: string) => report.requirements.find((r) => r.id === id)!;

/** The single-rule property's error when fast-check found a counterexample (generators/seed.ts). */
const PROPERTY_FAILURE = 'Error: Property failed after 12 run(s): contract check failed (SM-VAL-STATE) for "invalid: state \\"XX\\" is no US state":\n[SM-VAL-STATE] notAccepted: expected a refusal, got HTTP 200, body status 100';

test.describe('rules that pass without being tested', () => {
  test('a rule of the property that no generated case exercised is "not checked" with why, not passed', () => {
    const property = filed({
      status: 'passed',
      tags: tags(...SINGLE_RULE_TAGS),
      annotations: SINGLE_RULE_TAGS.map((id) => declared(id, id === 'SM-VAL-ZIP' ? 0 : 40)),
    });
    const report = reportOf([property]);
    expect(status(report, 'SM-VAL-ZIP')).toMatchObject({ status: 'not-checked', why: 'no generated case broke it (up to 800 cases)' });
    expect(status(report, 'SM-VAL-STATE')).toMatchObject({ status: 'passed', why: 'its check ran and passed (40 exchanges of checks that count per rule asserted it)' });
    // Before: the tag list alone passed every one of the fifteen.
    expect(report.requirements.filter((r) => SINGLE_RULE_TAGS.includes(r.id) && r.status === 'passed')).toHaveLength(14);
  });

  test('the PayPal email rule without a PayPal-enabled participant is "not applicable" with the reason, never passed', () => {
    const reason = 'the participant is not PayPal-enabled, so no request of it can break the PayPal email rule (INGO_PAYPAL_ENABLED)';
    const singleRule = filed({ status: 'passed', tags: tags(...SINGLE_RULE_TAGS), annotations: [declared('SM-VAL-EMAIL-PAYPAL', 0, 0, { verdict: 'not-applicable', reason }), declared('SM-VAL-STATE', 30)] });
    // The secondary's valid requests no longer carry the tag; an old result that does, but counts per rule, cannot pass it.
    const secondary = filed({ status: 'passed', tags: tags('SM-RESP-SUCCESS-SHAPE', 'SM-RESP-EXPIRY'), annotations: [declared('SM-RESP-SUCCESS-SHAPE', 150), declared('SM-RESP-EXPIRY', 150)] });
    const report = reportOf([singleRule, secondary]);
    expect(status(report, 'SM-VAL-EMAIL-PAYPAL')).toMatchObject({ status: 'not-applicable', why: reason });
  });

  test('a declared verdict outranks the tag list; a note the test did not declare does not pass a rule it is not tagged with', () => {
    const incidental = filed({ status: 'passed', tags: tags('SM-RESP-ERROR-SHAPE'), annotations: [declared('SM-RESP-ERROR-SHAPE', 5), ruleVerdict({ id: 'SM-VAL-MAXLEN-CITY', verdict: 'passed', exercised: 3, failed: 0, declared: false })] });
    const report = reportOf([incidental]);
    expect(status(report, 'SM-VAL-MAXLEN-CITY').status).toBe('not-checked');
    expect(status(report, 'SM-RESP-ERROR-SHAPE').status).toBe('passed');
  });
});

test.describe('coverage counts only checks that could fail', () => {
  test('a skipped check, a tag no case exercised and a check that could not reach the target cover nothing; a check that ran and decided covers', () => {
    const report = reportOf([
      filed({ status: 'skipped', tags: tags('SM-IDEM-TTL'), annotations: [{ type: 'skip', description: "not checked: needs the simulator's virtual clock (mock mode only)" }] }),
      filed({ status: 'passed', tags: tags('SM-VAL-ZIP', 'SM-VAL-STATE'), annotations: [declared('SM-VAL-ZIP', 0), declared('SM-VAL-STATE', 12)] }),
      filed({ status: 'failed', tags: tags('SM-AUTH-REQUIRED'), errors: ['TransportError: infrastructure error (connection-refused): connect ECONNREFUSED 127.0.0.1:9 (http://x)'] }),
      filed({ status: 'passed', tags: tags('SM-DOC-EXAMPLE') }),
    ]);
    const coverage = Object.fromEntries(coverageOf(report).map((c) => [c.id, c]));
    expect(coverage['SM-IDEM-TTL']).toMatchObject({ covered: false, why: "not-checked: needs the simulator's virtual clock (mock mode only)" });
    expect(coverage['SM-VAL-ZIP']).toMatchObject({ covered: false, why: 'not-checked: no generated case broke it (up to 800 cases)' });
    expect(coverage['SM-AUTH-REQUIRED']!.covered).toBe(false);
    expect(coverage['SM-VAL-STATE']!.covered).toBe(true);
    expect(coverage['SM-DOC-EXAMPLE']!.covered).toBe(true);
    expect(coverage['SM-DOC-EXAMPLE']!.by).toEqual([expect.stringMatching(/^tests\/contract\/fake\.spec\.ts › fake check \d+$/)]);
    expect(coverage['SM-VAL-TYPES']).toMatchObject({ covered: false, why: 'no check in the run is tagged with it' });
  });
});

test.describe('one failure fails fifteen rules', () => {
  test('a counterexample for SM-VAL-STATE fails SM-VAL-STATE only; the other rules keep what their own cases earned', () => {
    const property = filed({
      status: 'failed',
      tags: tags(...SINGLE_RULE_TAGS),
      errors: [PROPERTY_FAILURE],
      annotations: [
        checkFailure({ requirementIds: ['SM-VAL-STATE'], checks: ['notAccepted'], label: 'invalid: state "XX" is no US state', count: 9 }),
        ...SINGLE_RULE_TAGS.map((id) => (id === 'SM-VAL-STATE' ? declared(id, 9, 9) : declared(id, id === 'SM-VAL-ZIP' ? 0 : 2))),
      ],
    });
    expect(property.outcome).toBe('failed');
    const report = reportOf([property]);
    const failed = report.requirements.filter((r) => r.status === 'failed').map((r) => r.id);
    expect(failed).toEqual(['SM-VAL-STATE']);
    expect(status(report, 'SM-VAL-STATE').why).toContain('1 of 1 checks failed: Error: Property failed after 12 run(s): contract check failed (SM-VAL-STATE)');
    expect(status(report, 'SM-VAL-PHONE-DIGITS').status).toBe('passed');
    expect(status(report, 'SM-VAL-ZIP')).toMatchObject({ status: 'not-checked', why: 'no generated case broke it (up to 800 cases) (the check stopped at a failure of SM-VAL-STATE)' });
  });

  test('a test tagged with several rules: a leak in the 401 fails SM-AUTH-NO-LEAK, the 401 itself passes SM-AUTH-SIGNATURE', () => {
    const leak = contractFailure({ rule: 'SM-AUTH-NO-LEAK', check: 'noSecretsIn401', label: 'wrong secret', detail: 'the 401 answer contains the signature the server expected' });
    const signing = filed({
      status: 'failed',
      tags: tags('SM-AUTH-SIGNATURE', 'SM-AUTH-NO-LEAK'),
      errors: leak.errors,
      annotations: [
        leak.annotation,
        ruleVerdict({ id: 'SM-AUTH-SIGNATURE', verdict: 'passed', exercised: 1, failed: 0, declared: false }),
        ruleVerdict({ id: 'SM-AUTH-NO-LEAK', verdict: 'failed', exercised: 1, failed: 1, declared: false }),
      ],
    });
    const report = reportOf([signing]);
    expect(status(report, 'SM-AUTH-NO-LEAK').status).toBe('failed');
    expect(status(report, 'SM-AUTH-SIGNATURE').status).toBe('passed');
  });

  test('a failure on a rule the test is not tagged with is still reported, under that rule', () => {
    const serverError = contractFailure({ rule: 'SM-ROBUST-NO-5XX', check: 'noServerError', label: 'lower-case state' });
    const observation = filed({ status: 'failed', tags: tags('OBS-STATE-LOWERCASE'), errors: serverError.errors, annotations: [serverError.annotation] });
    const report = reportOf([observation]);
    expect(status(report, 'SM-ROBUST-NO-5XX')).toMatchObject({ status: 'failed', testIds: [observation.id] });
    expect(report.verdict.code).toBe('not-conformant');
  });

  test('a failure that names no rule (a plain assertion) still fails every rule the test is tagged with', () => {
    const plain = filed({ status: 'failed', tags: tags('SM-IDEM-REPLAY', 'SM-RESP-SUCCESS-SHAPE'), errors: ['Error: expect(received).toBe(expected)\n\nExpected: "a"\nReceived: "b"'] });
    const report = reportOf([plain]);
    expect(status(report, 'SM-IDEM-REPLAY').status).toBe('failed');
    expect(status(report, 'SM-RESP-SUCCESS-SHAPE').status).toBe('failed');
  });
});

test.describe('infrastructure hides failures', () => {
  const stateFailure = checkFailure({ requirementIds: ['SM-VAL-STATE'], checks: ['expect13400'], label: 'state XX' });

  test('a conformance failure followed by a transport error is a conformance failure', () => {
    const record = filed({ status: 'failed', tags: tags('SM-VAL-STATE'), errors: ['TransportError: infrastructure error (timeout): headers timeout (http://x)'], annotations: [stateFailure] });
    expect(record.outcome).toBe('failed');
    expect(reportOf([record]).requirements.find((r) => r.id === 'SM-VAL-STATE')!.status).toBe('failed');
  });

  test('a soft assertion failure beside a transport error is a conformance failure', () => {
    const record = filed({ status: 'failed', tags: tags('SM-VAL-STATE'), errors: ['Error: expect(received).toBe(expected) // 13400 vs 100', 'TransportError: infrastructure error (connection-reset): socket hang up (http://x)'] });
    expect(record.outcome).toBe('failed');
  });

  test('a timeout after a recorded conformance failure is a conformance failure; a bare timeout is infrastructure, with what it waited on', () => {
    expect(filed({ status: 'timedOut', tags: tags('SM-VAL-STATE'), errors: ['Test timeout of 60000ms exceeded.'], annotations: [stateFailure] }).outcome).toBe('failed');
    expect(filed({ status: 'timedOut', tags: tags('SM-VAL-STATE'), errors: ['Test timeout of 60000ms exceeded.', 'Error: expect(received).toMatchObject(expected)'] }).outcome).toBe('failed');
    const bare = filed({ status: 'timedOut', tags: tags('SM-VAL-STATE'), errors: ['Test timeout of 60000ms exceeded.'], annotations: [inFlight('"state XX" was still waiting for the target\'s answer after 58.0 s')] });
    expect(bare).toMatchObject({ outcome: 'infrastructure-error', reason: 'the check ran out of time: "state XX" was still waiting for the target\'s answer after 58.0 s' });
  });

  test('a 5xx whose non-JSON body reads like a network error is a server error, not infrastructure', () => {
    for (const body of ['upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: ECONNREFUSED', 'socket hang up', 'infrastructure error (timeout)', 'net::ERR_CONNECTION_REFUSED']) {
      const message = `ContractCheckError: contract check failed (SM-ROBUST-NO-5XX) for "document example":\n[SM-ROBUST-NO-5XX] noServerError: the server answered HTTP 503, non-JSON body ${JSON.stringify(body)}: a 5xx is never right`;
      // Classified from the error text alone (an old result without the check-failure annotation), and from the annotation.
      expect(filed({ status: 'failed', tags: tags('SM-DOC-EXAMPLE'), errors: [message] }).outcome, body).toBe('failed');
      expect(filed({ status: 'failed', tags: tags('SM-DOC-EXAMPLE'), errors: [message], annotations: [checkFailure({ requirementIds: ['SM-ROBUST-NO-5XX'], checks: ['noServerError'], label: 'document example' })] }).outcome).toBe('failed');
    }
    // The robustness suite's own hang message quotes no transport words, and is a failure of its rule.
    expect(filed({ status: 'failed', tags: tags('SM-ROBUST-NO-5XX'), errors: ['Error: [SM-ROBUST-NO-5XX] "2 MB body": no answer within 8000 ms (the server hangs on this input), while the target answers other requests'] }).outcome).toBe('failed');
  });

  test('what the client and Playwright name as network trouble is still infrastructure', () => {
    for (const message of [
      'TransportError: infrastructure error (dns): getaddrinfo ENOTFOUND uat.example.com (https://uat.example.com)',
      'RateLimitedError: infrastructure error (rate-limited, HTTP 429): the target still answered HTTP 429 after 3 retries (http://x)',
      'Error: apiRequestContext.fetch: connect ECONNREFUSED 127.0.0.1:9',
      'Error: page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/',
    ]) {
      expect(filed({ status: 'failed', tags: tags('SM-DOC-EXAMPLE'), errors: [message] }).outcome, message).toBe('infrastructure-error');
    }
  });

  test('a browser check whose page could not be fetched is infrastructure (from its recorded document), not a failed page', () => {
    const record = filed({
      status: 'failed',
      project: 'browser',
      tags: tags('SM-URL-LOADS'),
      errors: ['Error: the plug-in page did not load: error (net::ERR_CONNECTION_REFUSED)\n\nexpect(received).toMatchObject(expected)'],
      documents: [{ label: 'plug-in page', verdict: 'error', requestedUrl: 'https://plugin.example/session/1', status: null, headers: {}, failure: 'net::ERR_CONNECTION_REFUSED' }],
    });
    expect(record.outcome).toBe('infrastructure-error');
  });
});

test.describe('a 503 with Retry-After', () => {
  const note = 'this request got HTTP 503 with Retry-After 4 times in a row, while a probe request to the same target was answered HTTP 400: the 503 is the server\'s answer to this input, not rate limiting';

  test('that one input keeps getting while the target answers a probe is a server error on that input: SM-ROBUST-NO-5XX fails', () => {
    const serverError = contractFailure({ rule: 'SM-ROBUST-NO-5XX', check: 'noServerError', label: 'state XX', detail: 'the server answered HTTP 503, body status undefined: a 5xx is never right' });
    const record = filed({
      status: 'failed',
      tags: tags('SM-VAL-STATE'),
      errors: serverError.errors,
      annotations: [serverError.annotation],
      evidence: [{ label: 'failure: state XX', failing: true, note, request: { method: 'POST', url: 'https://uat.example.com/api/v1/sessions/point-in-time/plugin', headers: {}, body: {}, replayBody: '{}' }, response: { status: 503, headers: { 'retry-after': '1' }, body: { message: 'unavailable' }, elapsedMs: 3 } }],
    });
    expect(record.outcome).toBe('failed');
    expect(record.evidence[0]!.note).toBe(note);
    const report = reportOf([record]);
    expect(status(report, 'SM-ROBUST-NO-5XX').status).toBe('failed');
    // The rule the test was about was not decided by that exchange: not checked, not failed.
    expect(status(report, 'SM-VAL-STATE').status).toBe('not-checked');
    expect(exitCodeOf(report)).toBe(EXIT.conformanceFailure);
  });

  test('that everything gets (the probe too) is rate limiting that did not clear: infrastructure', () => {
    const record = filed({ status: 'failed', tags: tags('SM-VAL-STATE'), errors: ['RateLimitedError: infrastructure error (rate-limited, HTTP 503): the target still answered HTTP 503 with Retry-After 1 after 3 retries (https://uat.example.com/api/v1/sessions/point-in-time/plugin)'] });
    expect(record.outcome).toBe('infrastructure-error');
    expect(exitCodeOf(reportOf([record]))).toBe(EXIT.infrastructureOnly);
  });
});

test.describe('harness errors are neither conformance failures nor infrastructure', () => {
  test('a TypeError in a test, a check that threw, a failing harness self-check: exit 4, never exit 1', () => {
    const typeError = filed({ status: 'failed', tags: tags('SM-IDEM-REPLAY'), errors: ["TypeError: Cannot read properties of undefined (reading 'session_identifier')"] });
    const threw = filed({ status: 'failed', tags: tags('SM-RESP-EXPIRY'), errors: ['HarnessError: harness error on "create": the check expiryIsIssuePlus30s threw TypeError: x is not a function'], annotations: [harnessError('the check expiryIsIssuePlus30s threw TypeError: x is not a function')] });
    const inProperty = filed({ status: 'failed', tags: tags('SM-VAL-ZIP'), errors: ['Error: Property failed after 3 run(s): TypeError: Cannot read properties of null'] });
    for (const record of [typeError, threw, inProperty]) expect(record.outcome).toBe('harness-error');
    const report = reportOf([typeError, threw, inProperty]);
    expect(status(report, 'SM-IDEM-REPLAY')).toMatchObject({ status: 'not-checked' });
    expect(status(report, 'SM-IDEM-REPLAY').why).toContain('the harness itself failed (not a verdict on the server)');
    expect(report.verdict.code).toBe('harness-error');
    expect(report.warnings.map((w) => w.message).join('\n')).toContain('harness error');
    expect(exitCodeOf(report)).toBe(EXIT.harnessError);
  });

  test('a TypeError inside a property keeps its class through fast-check, and is filed as a harness error', async () => {
    const error = await fc
      .assert(
        fc.asyncProperty(fc.integer(), async (n) => {
          if (n > 3) (null as unknown as { x(): void }).x();
        }),
        propertyParameters(50, { INGO_SEED: '5' }, []),
      )
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^Property failed after \d+ run\(s\): TypeError: /);
    expect(filed({ status: 'failed', tags: tags('SM-VAL-ZIP'), errors: [`Error: ${(error as Error).message}`] }).outcome).toBe('harness-error');
  });

  test('a harness error beside a real failure: the failure is reported (exit 1), the harness error is named too', () => {
    const failure = filed({ status: 'failed', tags: tags('SM-VAL-STATE'), errors: ['ContractCheckError: contract check failed (SM-VAL-STATE)'], annotations: [checkFailure({ requirementIds: ['SM-VAL-STATE'], checks: ['expect13400'], label: 'state XX' }), harnessError('the check driftWarnings threw RangeError: too deep')] });
    expect(failure.outcome).toBe('failed');
    const report = reportOf([failure]);
    expect(exitCodeOf(report)).toBe(EXIT.conformanceFailure);
    expect(report.warnings.map((w) => w.message).join('\n')).toContain('the harness also failed during this check — the check driftWarnings threw RangeError: too deep');
  });

  test('a failed check outside the catalog (a harness self-check left in a conformance suite) is exit 4', () => {
    const selfCheck = filed({ status: 'failed', tags: ['@harness'], errors: ['Error: expect(received).toEqual(expected)'] });
    const report = reportOf([selfCheck]);
    expect(report.verdict.code).toBe('checks-failed');
    expect(exitCodeOf(report)).toBe(EXIT.harnessError);
  });
});

test.describe('a conformance run runs only checks against the target', () => {
  test('the api and browser projects hold none of the harness self-tests, which run in npm test (unit)', async () => {
    const listed = await playwright(['test', '--list', '--project', 'api', '--project', 'browser'], { INGO_TARGET: 'mock' });
    expect(listed.code, listed.stderr).toBe(0);
    const files = [...new Set([...listed.stdout.matchAll(/\[(?:api|browser)\] › ([\w./-]+\.spec\.ts):/g)].map((m) => m[1]!))];
    expect(files.length).toBeGreaterThan(10);
    for (const selfTest of ['checks.spec.ts', 'pacing.spec.ts', 'profile.spec.ts', 'support-logic.spec.ts', 'network-guard.spec.ts', 'coverage.spec.ts']) {
      expect(files.filter((f) => f.endsWith(selfTest)), selfTest).toEqual([]);
    }
    const unit = await playwright(['test', '--list', '--project', 'unit'], { INGO_TARGET: 'mock' });
    for (const selfTest of ['checks.spec.ts', 'pacing.spec.ts', 'profile.spec.ts', 'browser-support-logic.spec.ts', 'network-guard.spec.ts', 'coverage.spec.ts']) expect(unit.stdout).toContain(selfTest);
  });
});

