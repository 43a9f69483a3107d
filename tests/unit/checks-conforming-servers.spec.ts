// The checks fed the answers of servers that chose differently where the document is silent (the
// rows of brief/personalities.md): every one must pass with no failure, only observations and
// warnings; and the answers that break a documented rule must still fail, under that rule's id.
import { expect, test } from '@playwright/test';
import type { SessionResponse } from '../../src/client/session-client.ts';
import { sign } from '../../src/client/signer.ts';
import {
  ALWAYS_ON,
  dataNamesField,
  describeOutcome,
  expectCreated,
  expectCreatedOrRefused,
  expectRefused,
  expectValidationError,
  expectReplay,
  runChecks,
  type Check,
  type CheckContext,
  type Finding,
} from '../../src/checks/index.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';
import { tamperedUrl } from '../../src/browser/tamper.ts';
import { classifyDocument } from '../../src/browser/page-verdict.ts';
import { maxValidBodyBytes } from '../../src/harness/bodies.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { hangLimitMs, propertyTimeoutMs, timeLimitMs } from '../../src/harness/profile.ts';
import { summarise } from '../../src/harness/latency.ts';
import { realWaitMs } from '../../src/browser/url-clock.ts';
import { serverClockOffset } from '../../src/checks/index.ts';

const contract = loadContract();
const secret = 'unit-secret-never-sent';
const credentials = { username: 'unit', secret, algorithm: 'hmac-sha512' as const };
const NOW = Date.parse('2026-01-02T03:04:05.000Z');

function answer(status: number, body: unknown, headers: Record<string, string> = {}, options: { date?: boolean } = {}): SessionResponse {
  const rawBody = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const requestBody = JSON.stringify(validSessionBody(contract, { participant: { paypal_enabled: true, host_uris: ['https://digitalpay.ingo.money'] } }));
  const signed = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(requestBody), contentType: 'application/json', date: new Date(NOW) });
  const withDate = options.date ?? true;
  let json: unknown;
  try {
    json = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
  } catch {
    json = undefined;
  }
  return {
    request: { method: 'POST', url: `http://127.0.0.1${SESSION_PATH}`, headers: signed.headers, body: requestBody },
    status,
    headers: { ...(body !== undefined && typeof body !== 'string' && { 'content-type': 'application/json; charset=utf-8' }), ...(withDate && { date: new Date(NOW).toUTCString() }), ...headers },
    rawBody,
    json,
    elapsedMs: 180,
    sentAt: new Date(NOW - 180),
    ...(withDate && { serverDate: new Date(new Date(NOW).toUTCString()) }),
  };
}

const context = (brokenFields?: string[]): CheckContext => ({ contract, secrets: [secret], credentials, ...(brokenFields && { brokenFields }) });
const failures = (findings: readonly Finding[]) => findings.filter((f) => f.kind === 'fail');
const run = (exchange: SessionResponse, extra: Check[] = [], brokenFields?: string[]) => runChecks([...ALWAYS_ON, ...(brokenFields ? [dataNamesField] : []), ...extra], exchange, context(brokenFields));

const session = (data: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  status: 100,
  client_message: 'Success',
  data: {
    session_identifier: '7830227a-ba47-4d28-9416-cad41a446db7',
    authorized_url: 'https://plugin.example/session/7830227a-ba47-4d28-9416-cad41a446db7?t=1&h=x',
    authorized_url_expiration_utc: new Date(NOW + 30_000).toISOString(),
    participant_unique_id1: 'x',
    participant_unique_id2: '',
    ...data,
  },
  time: 0.1,
  ...top,
});

const fieldError = (data: Record<string, string[]>, top: Record<string, unknown> = {}) => ({
  status: 13400,
  client_message: 'Field validation error - See data element for validation error details',
  developer_message: 'invalid_request_fields',
  data,
  time: 0,
  ...top,
});

test.describe('answers of conforming servers pass every check', () => {
  test('a created session on 201, with extra fields, an integer time, no developer_message, no Date header', () => {
    const exchange = answer(201, session({ session_state: 'Active' }, { request_id: 'r-1', time: 0 }), {}, { date: false });
    const findings = run(exchange, [expectCreated(['SM-RESP-SUCCESS-SHAPE'])]);
    expect(failures(findings)).toEqual([]);
    expect(findings.filter((f) => f.kind === 'observe')).toContainEqual(expect.objectContaining({ id: 'OBS-HTTP-STATUS-SUCCESS', observed: '100 on HTTP 201' }));
    expect(findings.filter((f) => f.kind === 'drift').length).toBeGreaterThan(0);
  });

  test('expiry formats: .NET 7 fraction digits, none, +00:00', () => {
    const at = new Date(NOW + 30_000).toISOString();
    for (const expiry of [at.replace('.000Z', '.1234567Z'), at.replace('.000Z', 'Z'), at.replace('.000Z', '+00:00'), at.replace('Z', '+0000')]) {
      expect(failures(run(answer(200, session({ authorized_url_expiration_utc: expiry })))), expiry).toEqual([]);
    }
  });

  test('session identifiers and tokens of other forms: upper-case UUID, opaque id, ?token=, another origin', () => {
    const forms = [
      { session_identifier: '7830227A-BA47-4D28-9416-CAD41A446DB7' },
      { session_identifier: 'sess_01HZX3', authorized_url: 'http://localhost:4999/p/sess_01HZX3?token=abc%2Fdef' },
      { participant_unique_id1: '2639d2ce-2e74-48a4-be74-9bb90a62b40b' },
    ];
    for (const data of forms) expect(failures(run(answer(200, session(data)))), JSON.stringify(data)).toEqual([]);
  });

  test('13400 on 400, 422 or 200 (a warning), naming the field in any key style, one field or all', () => {
    for (const key of ['recipient_information.first_name', 'RecipientInformation.FirstName', '$.recipient_information.first_name', 'first_name']) {
      for (const status of [400, 422, 200]) {
        const findings = run(answer(status, fieldError({ [key]: ['required'] })), [expectValidationError(['SM-VAL-REQUIRED-FIRST-NAME'])], ['recipient_information.first_name']);
        expect(failures(findings), `${key} on ${status}`).toEqual([]);
        if (status === 200) expect(findings.some((f) => f.kind === 'warn')).toBe(true);
      }
    }
    // A server that names only the first broken field: passes, and the observation says so.
    const first = run(answer(400, fieldError({ first_name: ['required'] }, { developer_message: undefined })), [], ['recipient_information.first_name', 'recipient_information.state']);
    expect(failures(first)).toEqual([]);
    expect(first).toContainEqual(expect.objectContaining({ id: 'OBS-ERROR-ALL-FIELDS', observed: 'only some broken fields named (1 of 2)' }));
  });

  test('13723 on 400, 409, 422 or 200, with data null or {}', () => {
    for (const status of [400, 409, 422, 200]) {
      for (const data of [null, {}]) {
        const body = { status: 13723, client_message: 'Idempotency Key k for ParticipantId p does not match the original request', developer_message: 'invalid_idempotent_request', data, time: 0.0 };
        expect(failures(run(answer(status, body))), `${status} ${JSON.stringify(data)}`).toEqual([]);
      }
    }
  });

  test('401 bodies of every form: JSON, empty, text/plain, RFC 7807 problem JSON; a stack trace is only a warning', () => {
    const bodies: Array<[unknown, Record<string, string>]> = [
      [{ message: 'Unauthorized' }, {}],
      [undefined, {}],
      ['Unauthorized', { 'content-type': 'text/plain' }],
      [{ type: 'about:blank', title: 'Unauthorized', status: 401 }, { 'content-type': 'application/problem+json' }],
      [{ message: 'Unauthorized' }, { 'content-type': 'text/plain' }],
      ['System.Security.SecurityException: bad signature\n   at Ingo.Auth.Verify(Request r) in C:\\src\\Auth.cs:line 42', { 'content-type': 'text/plain' }],
    ];
    for (const [body, headers] of bodies) {
      const findings = run(answer(401, body, headers));
      expect(failures(findings), JSON.stringify(body)).toEqual([]);
      expect(findings.some((f) => f.kind === 'observe' && f.id === 'OBS-401-BODY'), JSON.stringify(body)).toBe(true);
    }
  });

  test('refusals of undocumented form: 413, 415, a 400 without a body, 409 "in progress", a 13400 on 200', () => {
    for (const [status, body] of [[413, { message: 'too large' }], [415, undefined], [400, undefined], [409, { message: 'in progress' }], [200, fieldError({ body: ['bad'] })]] as const) {
      const exchange = answer(status, body);
      expect(failures(run(exchange, [expectRefused(['SM-ROBUST-NO-5XX'])])), `${status}`).toEqual([]);
      expect(failures(run(exchange, [expectCreatedOrRefused(['SM-ROBUST-NO-5XX'])])), `${status}`).toEqual([]);
    }
    expect(failures(run(answer(201, session()), [expectCreatedOrRefused(['SM-ROBUST-NO-5XX'])]))).toEqual([]);
    expect(describeOutcome(answer(201, session()))).toBe('accepted (HTTP 201, 100)');
    expect(describeOutcome(answer(422, fieldError({ first_name: ['x'] })))).toBe('refused (HTTP 422, 13400 naming first_name)');
  });

  test('a replay on 200 with the session identifier in upper case', () => {
    const replay = answer(200, { ...session({ session_identifier: '5CF34A7D-25B6-4400-B19D-53A171D324E1' }), status: 101, client_message: 'Success - Idempotent' });
    expect(failures(run(replay, [expectReplay(['SM-IDEM-REPLAY'])]))).toEqual([]);
  });
});

test.describe('answers that break a documented rule still fail under its id', () => {
  const idsOf = (findings: readonly Finding[]) => [...new Set(failures(findings).flatMap((f) => (f.kind === 'fail' ? f.requirementIds : [])))].sort();

  test('a 5xx, a session for a request that had to be refused, a 13400 naming nothing broken', () => {
    expect(idsOf(run(answer(500, { message: 'boom' })))).toContain('SM-ROBUST-NO-5XX');
    expect(idsOf(run(answer(200, session()), [expectRefused(['SM-ROBUST-NO-5XX'])]))).toEqual(['SM-ROBUST-NO-5XX']);
    expect(idsOf(run(answer(400, fieldError({ city: ['x'] })), [], ['recipient_information.first_name']))).toEqual(['SM-RESP-ERROR-SHAPE']);
  });

  test('a secret or the expected signature in a 401 fails SM-AUTH-NO-LEAK, whatever the body form', () => {
    expect(idsOf(run(answer(401, `denied for ${secret}`, { 'content-type': 'text/plain' })))).toEqual(['SM-AUTH-NO-LEAK']);
  });

  test('an expiry that is not UTC or not 30 s after issue fails SM-RESP-EXPIRY; a success that is not JSON fails SM-RESP-JSON', () => {
    const local = new Date(NOW + 30_000).toISOString().replace('Z', '');
    expect(idsOf(run(answer(200, session({ authorized_url_expiration_utc: local }))))).toContain('SM-RESP-EXPIRY');
    expect(idsOf(run(answer(200, session({ authorized_url_expiration_utc: new Date(NOW + 60_000).toISOString() }))))).toEqual(['SM-RESP-EXPIRY']);
    expect(idsOf(run(answer(200, '<html>ok</html>', { 'content-type': 'text/html' })))).toEqual(['SM-RESP-JSON']);
    expect(idsOf(run(answer(400, fieldError({ a: ['b'] }), { 'content-type': 'text/plain' })))).toEqual(['SM-RESP-JSON']);
  });
});

test.describe('the forms a conforming plug-in may take', () => {
  test('tokens are forged whatever their form; a URL without a query token has nothing to forge', () => {
    const token = 'https://plugin.example/p/sess_01HZX3?token=abcDEF123';
    expect(tamperedUrl('altered-h', token)).toBe('https://plugin.example/p/sess_01HZX3?token=abcDFF123');
    expect(tamperedUrl('missing-h', token)).toBe('https://plugin.example/p/sess_01HZX3');
    expect(tamperedUrl('foreign-token', token, 'https://plugin.example/p/other?token=zzz')).toBe('https://plugin.example/p/sess_01HZX3?token=zzz');
    expect(tamperedUrl('altered-h', 'https://plugin.example/p/sess_01HZX3')).toBeUndefined();
  });

  test('an expired page: 410, 403, 404 are refusals; HTTP 200 is one only with the configured text shown', () => {
    const page = { requestedUrl: 'http://localhost:1/p', committedUrl: 'http://localhost:1/p', headers: {}, hasContent: true, showsExpiredMarker: false };
    for (const status of [410, 403, 404]) expect(classifyDocument({ ...page, status })).toMatchObject({ kind: 'refused' });
    expect(classifyDocument({ ...page, status: 200, showsExpiredMarker: true })).toMatchObject({ kind: 'refused', by: 'expired-marker' });
    expect(classifyDocument({ ...page, status: 200 })).toMatchObject({ kind: 'loaded' });
  });
});

test.describe('time limits scale with the target', () => {
  const slow = { medianMs: 275, maxMs: 400, samples: 3 };

  test('a slow target (150-400 ms an answer) gets the time its requests need; a fast one keeps the old limits', () => {
    // 600 valid cases, one request each, at up to 550 ms: more than 5 minutes, which the limit covers.
    expect(propertyTimeoutMs({ requestTimeoutMs: 10_000, targetLatency: slow }, 600, 2, 1)).toBeGreaterThan(600 * 400 + 60_000);
    expect(propertyTimeoutMs({}, 600, 2, 1)).toBe(60_000 + 600 * 20);
    expect(timeLimitMs({ requestTimeoutMs: 10_000, targetLatency: slow }, 60_000)).toBeGreaterThan(60_000 + 120 * 400);
    expect(timeLimitMs({ requestTimeoutMs: 10_000, targetLatency: { medianMs: 1, maxMs: 2, samples: 3 } }, 60_000)).toBeLessThan(71_000);
    expect(timeLimitMs({ requestTimeoutMs: 10_000 }, 0)).toBe(0);
  });

  test('a hang limit grows with the request timeout and the body size (at a slow uplink\'s pace, or loopback\'s)', () => {
    expect(hangLimitMs({ requestTimeoutMs: 10_000 }, 0)).toBe(10_000);
    expect(hangLimitMs({ requestTimeoutMs: 30_000 }, 0)).toBe(30_000);
    expect(hangLimitMs({ requestTimeoutMs: 10_000 }, 2 * 1024 * 1024)).toBe(10_000 + 16_384);
    expect(hangLimitMs({ requestTimeoutMs: 10_000, target: 'remote', baseUrl: 'https://uat.example.com' }, 2 * 1024 * 1024)).toBe(10_000 + 16_384);
    expect(hangLimitMs({ requestTimeoutMs: 10_000, target: 'remote', baseUrl: 'http://127.0.0.1:4010' }, 32 * 1024 * 1024)).toBe(10_000 + 2_048);
    expect(hangLimitMs({ requestTimeoutMs: 10_000, target: 'mock' }, 32 * 1024 * 1024)).toBe(10_000 + 2_048);
    expect(hangLimitMs({ requestTimeoutMs: 10_000, targetLatency: slow }, 0)).toBe(10_000 + 4 * 550);
  });

  test('the latency is the median of the probes', () => {
    expect(summarise([])).toBeUndefined();
    expect(summarise([300, 150, 400])).toEqual({ medianMs: 300, maxMs: 400, samples: 3 });
    expect(summarise([1, 3])).toEqual({ medianMs: 2, maxMs: 3, samples: 2 });
  });

  test('a body beyond every valid request: the bound allows every field at its maximum, fully escaped', () => {
    const bound = maxValidBodyBytes(contract);
    const longest = contract.fields.reduce((sum, f) => sum + (f.maxLength ?? 0), 0);
    expect(bound).toBeGreaterThan(6 * longest);
    expect(bound).toBeLessThan(64 * 1024);
  });
});

test.describe('a server without a Date header (not documented): its clock is read from the expiry', () => {
  test('the clock offset comes from authorized_url_expiration_utc = issue + 30 s', () => {
    // The server's clock is 100 s behind ours; it sends no Date header.
    const behind = answer(200, session({ authorized_url_expiration_utc: new Date(NOW - 100_000 - 90 + 30_000).toISOString() }), {}, { date: false });
    const offset = serverClockOffset(behind, contract.urlTtlSeconds);
    expect(offset.via).toBe('expiry');
    expect(offset.offsetSeconds).toBeCloseTo(-100, 1);
    // Written in whole seconds, the expiry was truncated: the issue time is half a second later on average.
    const truncated = new Date(NOW - 100_000 - 90 + 30_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const coarse = serverClockOffset(answer(200, session({ authorized_url_expiration_utc: truncated }), {}, { date: false }), contract.urlTtlSeconds);
    expect(coarse.uncertaintySeconds).toBeGreaterThanOrEqual(0.5);
    expect(Math.abs(coarse.offsetSeconds - -100)).toBeLessThanOrEqual(coarse.uncertaintySeconds);
    expect(serverClockOffset(answer(200, session()), contract.urlTtlSeconds).via).toBe('date-header');
  });

  test('the wait for expiry is the lifetime from the answer, however far behind the server clock is', () => {
    const behind = answer(200, session({ authorized_url_expiration_utc: new Date(NOW - 100_000 + 30_000).toISOString() }), {}, { date: false });
    const expiresAt = new Date(NOW - 100_000 + 30_000);
    // By our clock that expiry is long past; by the server's it is 30 s away.
    expect(realWaitMs(expiresAt, behind, NOW)).toBe(0);
    expect(realWaitMs(expiresAt, behind, NOW, contract.urlTtlSeconds)).toBe(30_000 + 1_000);
  });
});
