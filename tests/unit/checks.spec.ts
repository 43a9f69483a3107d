// Unit tests of the checks themselves, on fabricated exchanges: each one passes a conforming answer
// and catches the breakage it exists for, with a message that names the path and the value.
import { expect, test } from '../../src/harness/fixtures.ts';
import type { SessionResponse } from '../../src/client/session-client.ts';
import { sign } from '../../src/client/signer.ts';
import {
  clockOffset,
  conformsToSchema,
  dataNamesField,
  defineCheck,
  driftWarnings,
  observeErrorHttpStatus,
  expectedSignatures,
  expiryIsIssuePlus30s,
  formatFailures,
  jsonContentType,
  keyNamesField,
  noSecretsIn401,
  noServerError,
  runChecks,
  type CheckContext,
} from '../../src/checks/index.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';

const contract = loadContract();
const secret = 'unit-secret-never-sent';
const credentials = { username: 'unit', secret, algorithm: 'hmac-sha512' as const };
const context: CheckContext = { contract, secrets: [secret], credentials };
const NOW = Date.parse('2026-01-02T03:04:05.000Z');

function exchange(status: number, body: unknown, extra: { headers?: Record<string, string>; dateMs?: number | null; elapsedMs?: number; requestBody?: string } = {}): SessionResponse {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const requestBody = extra.requestBody ?? '{"participant_unique_id1":"x"}';
  const signed = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(requestBody), contentType: 'application/json', date: new Date(NOW) });
  const dateMs = extra.dateMs === undefined ? NOW : extra.dateMs;
  return {
    request: { method: 'POST', url: `http://127.0.0.1${SESSION_PATH}`, headers: signed.headers, body: requestBody },
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(dateMs !== null && { date: new Date(dateMs).toUTCString() }), ...extra.headers },
    rawBody,
    json: typeof body === 'string' ? safeParse(body) : body,
    elapsedMs: extra.elapsedMs ?? 20,
    sentAt: new Date(NOW),
    ...(dateMs !== null && { serverDate: new Date(new Date(dateMs).toUTCString()) }),
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const success = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  status: 100,
  client_message: 'Success',
  data: {
    session_identifier: '7830227a-ba47-4d28-9416-cad41a446db7',
    authorized_url: 'https://plugin.example/session/7830227a?t=1&h=x',
    authorized_url_expiration_utc: new Date(NOW + 30_000).toISOString(),
    participant_unique_id1: 'x',
    participant_unique_id2: '',
    ...data,
  },
  time: 0.1,
  ...overrides,
});

const kinds = (findings: readonly { kind: string }[]) => findings.map((f) => f.kind);

test.describe('checks', { tag: ['@harness'] }, () => {
  test('noServerError fails any 5xx, and only 5xx', () => {
    expect(noServerError.run(exchange(500, { message: 'boom' }), context)).toHaveLength(1);
    expect(noServerError.run(exchange(503, ''), context)[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-ROBUST-NO-5XX'] });
    expect(noServerError.run(exchange(400, success()), context)).toEqual([]);
  });

  test('jsonContentType fails a JSON body with another content type, and a non-JSON success', () => {
    expect(jsonContentType.run(exchange(200, success()), context)).toEqual([]);
    expect(jsonContentType.run(exchange(200, success(), { headers: { 'content-type': 'application/problem+json' } }), context)).toEqual([]);
    const plain = jsonContentType.run(exchange(200, success(), { headers: { 'content-type': 'text/plain' } }), context);
    expect(plain[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-RESP-JSON'] });
    expect(jsonContentType.run(exchange(200, '<html>ok</html>', { headers: { 'content-type': 'text/html' } }), context)[0]?.kind).toBe('fail');
    expect(jsonContentType.run(exchange(401, 'Unauthorized', { headers: { 'content-type': 'text/plain' } }), context)).toEqual([]);
  });

  test('conformsToSchema passes the documented shapes', () => {
    for (const example of contract.exampleResponses()) {
      const http = example.apiStatus === 401 ? 401 : example.apiStatus >= 13000 ? 400 : 200;
      expect(conformsToSchema.run(exchange(http, example.value), context), example.name).toEqual([]);
    }
  });

  test('conformsToSchema names the path and the offending value, under the schema requirement id', () => {
    const [finding] = conformsToSchema.run(exchange(200, success({ status: '100' })), context);
    expect(finding).toMatchObject({ kind: 'fail' });
    expect((finding as { message: string }).message).toMatch(/\/status/);
    const [missing] = conformsToSchema.run(exchange(200, success({}, { session_identifier: undefined })), context);
    expect(missing).toMatchObject({ kind: 'fail', requirementIds: ['SM-RESP-SUCCESS-SHAPE'] });
    expect((missing as { message: string }).message).toContain('/data/session_identifier: is required but missing');
    const badUrl = conformsToSchema.run(exchange(200, success({}, { authorized_url_expiration_utc: 'tomorrow' })), context);
    expect((badUrl[0] as { message: string }).message).toContain('(got "tomorrow")');
    const flat = conformsToSchema.run(exchange(400, { status: 13400, client_message: 'x', data: ['The Zip field is invalid.'], time: 0 }), context);
    expect(flat[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-RESP-ERROR-SHAPE'] });
    expect((flat[0] as { message: string }).message).toContain('/data');
    const mismatch = conformsToSchema.run(exchange(400, { status: 13723, client_message: 'x', data: 'oops', time: 0 }), context);
    expect(mismatch[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-IDEM-MISMATCH'] });
  });

  test('conformsToSchema: an undocumented 2xx body fails; an undocumented 4xx body is a warning', () => {
    expect(conformsToSchema.run(exchange(200, { status: 999, data: {} }), context)[0]?.kind).toBe('fail');
    expect(kinds(conformsToSchema.run(exchange(413, { message: 'Payload too large' }), context))).toEqual(['warn']);
    expect(conformsToSchema.run(exchange(401, { anything: true }), context)).toEqual([]);
  });

  test('observeErrorHttpStatus observes the HTTP status of 13400/13723 and warns on a 2xx; it never fails (a 5xx is noServerError\'s)', () => {
    const body = { status: 13400, client_message: 'x', data: { a: ['b'] }, time: 0 };
    expect(observeErrorHttpStatus.run(exchange(422, body), context)).toEqual([{ kind: 'observe', check: 'observeErrorHttpStatus', id: 'OBS-HTTP-STATUS-13400', observed: 'HTTP 422' }]);
    expect(kinds(observeErrorHttpStatus.run(exchange(200, body), context))).toEqual(['observe', 'warn']);
    expect(kinds(observeErrorHttpStatus.run(exchange(500, { ...body, status: 13723 }), context))).toEqual([]);
    expect(kinds(noServerError.run(exchange(500, { ...body, status: 13723 }), context))).toEqual(['fail']);
    expect(observeErrorHttpStatus.run(exchange(200, success()), context)).toEqual([]);
  });

  test('expiryIsIssuePlus30s measures against the server Date header, so a harness clock offset does not matter', () => {
    expect(expiryIsIssuePlus30s.run(exchange(200, success()), context)).toEqual([]);
    // The server's clock is an hour ahead of the harness: still right, judged by its Date header.
    const ahead = NOW + 3_600_000;
    expect(expiryIsIssuePlus30s.run(exchange(200, success({}, { authorized_url_expiration_utc: new Date(ahead + 30_000).toISOString() }), { dateMs: ahead }), context)).toEqual([]);
    const sixty = expiryIsIssuePlus30s.run(exchange(200, success({}, { authorized_url_expiration_utc: new Date(NOW + 60_000).toISOString() })), context);
    expect(sixty[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-RESP-EXPIRY'] });
    const local = expiryIsIssuePlus30s.run(exchange(200, success({}, { authorized_url_expiration_utc: '2026-01-02T03:04:35.000' })), context);
    expect(local.map((f) => f.kind)).toContain('fail');
    const noDate = expiryIsIssuePlus30s.run(exchange(200, success(), { dateMs: null }), context);
    expect(kinds(noDate)).toEqual(['warn']);
  });

  test('clockOffset estimates the server clock from the Date header with its uncertainty', () => {
    const offset = clockOffset(exchange(200, success(), { dateMs: NOW + 10_000, elapsedMs: 100 }));
    expect(offset.source).toBe('date-header');
    expect(Math.abs(offset.offsetSeconds - 10.45)).toBeLessThan(0.001);
    expect(offset.uncertaintySeconds).toBeCloseTo(0.55, 5);
    expect(clockOffset(exchange(200, success(), { dateMs: null })).source).toBe('none');
  });

  test('keyNamesField matches keys case-insensitively, ignoring separators, with a path prefix', () => {
    for (const key of ['recipient_information.first_name', 'RecipientInformation.FirstName', 'first_name', 'FirstName', '$.recipient_information.first_name', 'recipient_information/first_name', 'request.RecipientInformation.FirstName']) {
      expect(keyNamesField(key, 'recipient_information.first_name'), key).toBe(true);
      expect(keyNamesField(key, 'first_name'), key).toBe(true);
    }
    expect(keyNamesField('ParticipantUniqueId1', 'participant_unique_id1')).toBe(true);
    expect(keyNamesField('last_name', 'recipient_information.first_name')).toBe(false);
    expect(keyNamesField('mobile_number', 'recipient_information.phone_number')).toBe(false);
    expect(keyNamesField('participant_unique_id2', 'participant_unique_id1')).toBe(false);
    expect(keyNamesField('first_name.extra', 'first_name')).toBe(false);
    expect(keyNamesField('', 'first_name')).toBe(false);
  });

  test('dataNamesField needs one broken field named, and records whether all were', () => {
    const error = (data: Record<string, string[]>) => exchange(400, { status: 13400, client_message: 'x', data, time: 0 });
    const ctx = (brokenFields: string[]) => ({ ...context, brokenFields });
    expect(dataNamesField.run(error({ ZipCode: ['bad'] }), ctx(['recipient_information.zip_code']))).toEqual([]);
    expect(dataNamesField.run(error({ State: ['bad'] }), ctx(['recipient_information.zip_code']))[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-RESP-ERROR-SHAPE'] });
    expect(dataNamesField.run(error({ State: ['bad'] }), ctx(['recipient_information.zip_code', 'recipient_information.state']))).toEqual([
      { kind: 'observe', check: 'dataNamesField', id: 'OBS-ERROR-ALL-FIELDS', observed: 'only some broken fields named (1 of 2)' },
    ]);
    expect(dataNamesField.run(exchange(200, success()), ctx(['x']))).toEqual([]);
  });

  test('noSecretsIn401 catches the secret, the expected signature and stack traces', () => {
    expect(noSecretsIn401.run(exchange(401, { message: 'Unauthorized' }), context)).toEqual([]);
    expect(noSecretsIn401.run(exchange(401, { message: `bad secret ${secret}` }), context)[0]).toMatchObject({ kind: 'fail', requirementIds: ['SM-AUTH-NO-LEAK'] });
    // A request signed with a wrong secret: the signature the server expected must not come back.
    const requestBody = '{"participant_unique_id1":"x"}';
    const wrong = sign(contract.hmac, { ...credentials, secret: 'wrong' }, { method: 'POST', path: SESSION_PATH, body: Buffer.from(requestBody), contentType: 'application/json', date: new Date(NOW) });
    const leaking = exchange(401, { message: 'signature mismatch' }, { requestBody });
    const withWrong = { ...leaking, request: { ...leaking.request, headers: wrong.headers } };
    const [expected] = expectedSignatures(withWrong.request, credentials, contract.hmac);
    expect(expected).toBeDefined();
    const leak = { ...withWrong, rawBody: JSON.stringify({ message: 'mismatch', expected }) };
    expect(noSecretsIn401.run(leak, context).map((f) => f.kind)).toContain('fail');
    expect(noSecretsIn401.run(withWrong, context)).toEqual([]);
    const trace = exchange(401, 'System.Security.SecurityException: bad signature\n   at Ingo.Auth.Verify(Request r) in C:\\src\\Auth.cs:line 42');
    expect(noSecretsIn401.run(trace, context).length).toBeGreaterThan(0);
    const node = exchange(401, 'Error: bad\n    at verify (/app/auth.js:10:5)');
    expect(noSecretsIn401.run(node, context).length).toBeGreaterThan(0);
    expect(noSecretsIn401.run(exchange(200, { secret }), context)).toEqual([]);
  });

  test('driftWarnings reports undeclared response fields, never fails', () => {
    const findings = driftWarnings.run(exchange(200, success({ trace_id: 'abc' }, { session_state: 'Active' })), context);
    expect(findings).toEqual([
      { kind: 'drift', check: 'driftWarnings', path: 'SessionCreated/trace_id', observed: 'undeclared field of type string' },
      { kind: 'drift', check: 'driftWarnings', path: 'SessionCreated/data/session_state', observed: 'undeclared field of type string' },
    ]);
  });

  test('the runner turns a throwing check into that check failing, and formats failures with their ids', () => {
    const broken = defineCheck('broken', ['SM-X'], () => {
      throw new Error('oops');
    });
    const findings = runChecks([noServerError, broken], exchange(500, ''), context);
    expect(kinds(findings)).toEqual(['fail', 'fail']);
    expect(formatFailures(findings)).toContain('[SM-ROBUST-NO-5XX] noServerError');
    expect(formatFailures(findings)).toContain('[SM-X] broken: the check itself threw: oops');
  });
});
