// Undocumented behaviour (contract-notes.md, "What is documented, and what is not"): observed and
// recorded with what was seen, never passed or failed. Only the always-on checks can fail these tests
// (no 5xx; a JSON body in the documented shape for its status).
import { notDocumentedCodes } from '../../src/contract/index.ts';
import { newIdempotencyKey, type SessionResponse } from '../../src/client/session-client.ts';
import { describeOutcome, expectCreated, expectReplay, expectUnauthorized } from '../../src/checks/index.ts';
import { bodyStatus } from '../../src/client/answer.ts';
import { type Body } from '../../src/harness/bodies.ts';
import { validSessionBody, withValueAt } from '../../src/contract/index.ts';
import type { CheckedClient } from '../../src/harness/checked-client.ts';
import { test } from '../../src/harness/fixtures.ts';

async function observeBody(api: CheckedClient, id: string, label: string, body: Body, options: { idempotencyKey?: string } = {}): Promise<SessionResponse> {
  const answer = await api.send(label, body, options);
  api.recorder.observe(id, `${label}: ${describeOutcome(answer)}`);
  return answer;
}

test.describe('undocumented behaviour (observed, never judged)', () => {
  test('the HTTP status carrying 13400', { tag: ['@OBS-HTTP-STATUS-13400'] }, async ({ api, contract }) => {
    const answer = await api.send('no participant_unique_id1', withValueAt(validSessionBody(contract, { participant: api.participant }), 'participant_unique_id1', undefined));
    api.recorder.observe('OBS-HTTP-STATUS-13400', `a request without participant_unique_id1: HTTP ${answer.status}, body status ${String(bodyStatus(answer))}`);
  });

  test('the HTTP status carrying 13723', { tag: ['@OBS-HTTP-STATUS-13723'] }, async ({ api, contract }) => {
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    await api.send('original request', body, { idempotencyKey: key, expect: expectCreated(['OBS-HTTP-STATUS-13723'], 'a session to set up the observation') });
    const answer = await api.send('same key, another first_name', withValueAt(body, 'recipient_information.first_name', 'Jill'), { idempotencyKey: key });
    api.recorder.observe('OBS-HTTP-STATUS-13723', `same key + different body: HTTP ${answer.status}, body status ${String(bodyStatus(answer))}`);
  });

  test('a lower-case state code', { tag: ['@OBS-STATE-LOWERCASE'] }, async ({ api, contract }) => {
    for (const state of ['ga', 'Ga', 'ny']) {
      await observeBody(api, 'OBS-STATE-LOWERCASE', `state "${state}"`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.state', state));
    }
  });

  test('DC and the territories as states', { tag: ['@OBS-STATE-DC'] }, async ({ api, contract }) => {
    const open = notDocumentedCodes(contract.field('recipient_information.state').notDocumented);
    for (const state of open) {
      await observeBody(api, 'OBS-STATE-DC', `state "${state}"`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.state', state));
    }
  });

  test('phone numbers shorter than 10 digits', { tag: ['@OBS-PHONE-SHORT'] }, async ({ api, contract }) => {
    for (const key of ['recipient_information.phone_number', 'recipient_information.mobile_number']) {
      for (const value of ['1', '12345', '123456789']) {
        await observeBody(api, 'OBS-PHONE-SHORT', `${key.split('.').pop()} "${value}" (${value.length} digits)`, withValueAt(validSessionBody(contract, { participant: api.participant }), key, value));
      }
    }
  });

  test('whether participant_unique_id1 is echoed in the response', { tag: ['@OBS-ID1-ECHO'] }, async ({ api, contract }) => {
    const body = validSessionBody(contract, { participant: api.participant });
    const answer = await api.send('a fresh participant_unique_id1', body, { expect: expectCreated(['OBS-ID1-ECHO'], 'a session to observe') });
    const data = (answer.json as { data: Record<string, unknown> }).data;
    const echoed = data['participant_unique_id1'] === body['participant_unique_id1'];
    const id2 = data['participant_unique_id2'] === body['participant_unique_id2'];
    api.recorder.observe('OBS-ID1-ECHO', `participant_unique_id1 ${echoed ? 'echoes the request' : 'differs from the request'}; participant_unique_id2 ${id2 ? 'echoes the request' : 'differs from the request'}`);
  });

  test('unknown extra request fields', { tag: ['@OBS-EXTRA-FIELDS'] }, async ({ api, contract }) => {
    const base = () => validSessionBody(contract, { participant: api.participant });
    const cases: Array<[string, Body]> = [
      ['language_locale_code "en-US"', { ...base(), language_locale_code: 'en-US' }],
      ['recipient_information.business_name', withValueAt(base(), 'recipient_information.business_name', 'Frost Heating LLC')],
      ['recipient_information.open_banking', withValueAt(base(), 'recipient_information.open_banking', { enabled: true })],
      ['an unknown top-level field', { ...base(), x_harness_probe: 'probe' }],
    ];
    for (const [label, body] of cases) await observeBody(api, 'OBS-EXTRA-FIELDS', label, body);
  });

  test('null for an optional field', { tag: ['@OBS-NULL-OPTIONAL'] }, async ({ api, contract }) => {
    const optional = contract.fields.filter((f) => !f.required && !f.requiredWhen && f.type === 'string' && !f.whiteListed);
    for (const field of optional) {
      await observeBody(api, 'OBS-NULL-OPTIONAL', `${field.key}: null`, withValueAt(validSessionBody(contract, { participant: api.participant }), field.key, null));
    }
    await observeBody(api, 'OBS-NULL-OPTIONAL', 'host_uri: null', withValueAt(validSessionBody(contract, { participant: api.participant }), 'host_uri', null));
  });

  test('an empty-string host_uri', { tag: ['@OBS-EMPTY-HOST-URI'] }, async ({ api, contract }) => {
    await observeBody(api, 'OBS-EMPTY-HOST-URI', 'host_uri ""', withValueAt(validSessionBody(contract, { participant: api.participant }), 'host_uri', ''));
  });

  test('an empty Idempotency-Key header', { tag: ['@OBS-EMPTY-IDEMPOTENCY-KEY'] }, async ({ api, contract }) => {
    const body = validSessionBody(contract, { participant: api.participant });
    await observeBody(api, 'OBS-EMPTY-IDEMPOTENCY-KEY', 'first request with an empty key', body, { idempotencyKey: '' });
    await observeBody(api, 'OBS-EMPTY-IDEMPOTENCY-KEY', 'the same body again with an empty key', body, { idempotencyKey: '' });
    await observeBody(api, 'OBS-EMPTY-IDEMPOTENCY-KEY', 'another body with an empty key', validSessionBody(contract, { participant: api.participant }), { idempotencyKey: '' });
  });

  test('whether a request breaking several rules names every broken field', { tag: ['@OBS-ERROR-ALL-FIELDS'] }, async ({ api, contract }) => {
    let body = validSessionBody(contract, { participant: api.participant });
    body = withValueAt(body, 'participant_unique_id1', undefined);
    body = withValueAt(body, 'recipient_information.state', 'XX');
    body = withValueAt(body, 'recipient_information.zip_code', '1234');
    // dataNamesField records OBS-ERROR-ALL-FIELDS (and fails only if none of them is named).
    await api.send('three broken fields', body, { brokenFields: ['participant_unique_id1', 'recipient_information.state', 'recipient_information.zip_code'] });
  });

  test('whether email_address is checked to be a well-formed address', { tag: ['@OBS-EMAIL-FORMAT'] }, async ({ api, contract }) => {
    // Never called valid or invalid anywhere in the harness: only recorded here.
    for (const email of ['jack.frost', 'jack.frost@', '@example.com', 'jack@frost@example.com', 'jack frost@example.com', 'jack.frost@example', '']) {
      await observeBody(api, 'OBS-EMAIL-FORMAT', `email_address ${JSON.stringify(email)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.email_address', email));
    }
  });

  test('an empty string in a required field', { tag: ['@OBS-EMPTY-REQUIRED'] }, async ({ api, contract }) => {
    for (const field of contract.fields.filter((f) => f.required && f.type === 'string')) {
      await observeBody(api, 'OBS-EMPTY-REQUIRED', `${field.key} ""`, withValueAt(validSessionBody(contract, { participant: api.participant }), field.key, ''));
    }
  });

  test('a whitespace-only value in a required field', { tag: ['@OBS-WHITESPACE-REQUIRED'] }, async ({ api, contract }) => {
    for (const field of contract.fields.filter((f) => f.required && f.type === 'string' && !f.enum && !f.pattern)) {
      await observeBody(api, 'OBS-WHITESPACE-REQUIRED', `${field.key} "   "`, withValueAt(validSessionBody(contract, { participant: api.participant }), field.key, '   '));
    }
  });

  test('leading or trailing whitespace around a valid value', { tag: ['@OBS-PADDED-VALUES'] }, async ({ api, contract }) => {
    const cases: Array<[string, string]> = [
      ['recipient_information.zip_code', ' 30313'],
      ['recipient_information.zip_code', '30313 '],
      ['recipient_information.state', 'GA '],
      ['recipient_information.first_name', ' Jack '],
    ];
    for (const [key, value] of cases) {
      await observeBody(api, 'OBS-PADDED-VALUES', `${key.split('.').pop()} ${JSON.stringify(value)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), key, value));
    }
  });

  test('the HTTP status carrying a created session (100) and a replay (101)', { tag: ['@OBS-HTTP-STATUS-SUCCESS'] }, async ({ api, contract }) => {
    // observeSuccessStatus, an always-on check, records the status of each.
    const key = newIdempotencyKey();
    const body = validSessionBody(contract, { participant: api.participant });
    await api.send('a new session', body, { idempotencyKey: key, expect: expectCreated(['OBS-HTTP-STATUS-SUCCESS'], 'a session to observe') });
    await api.send('its replay', body, { idempotencyKey: key, expect: expectReplay(['OBS-HTTP-STATUS-SUCCESS'], 'a replay to observe') });
  });

  test('the form of a 401 body', { tag: ['@OBS-401-BODY'] }, async ({ api, contract }) => {
    // observeUnauthorizedBody, an always-on check, records the form; the body is never validated.
    await api.send('no Authorization header', validSessionBody(contract, { participant: api.participant }), { tweak: { omitHeaders: ['authorization'] }, expect: expectUnauthorized(['OBS-401-BODY'], 'a 401 to observe') });
    await api.send('a wrong secret', validSessionBody(contract, { participant: api.participant }), { tweak: { secret: `wrong-${newIdempotencyKey()}` }, expect: expectUnauthorized(['OBS-401-BODY'], 'a 401 to observe') });
  });

  test('the forms of a created session: identifier, authorized_url, expiry', { tag: ['@OBS-RESPONSE-FORM'] }, async ({ api, contract, target }) => {
    const answer = await api.send('a new session', validSessionBody(contract, { participant: api.participant }), { expect: expectCreated(['OBS-RESPONSE-FORM'], 'a session to observe') });
    const data = (answer.json as { data: { session_identifier: string; authorized_url: string; authorized_url_expiration_utc: string } }).data;
    const id = data.session_identifier;
    const idForm = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(id) ? 'a lower-case UUID' : /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/.test(id) ? 'an upper-case UUID' : `not a UUID (${id.length} characters)`;
    api.recorder.observe('OBS-RESPONSE-FORM', `session_identifier: ${idForm}`);
    const url = new URL(data.authorized_url);
    const params = [...url.searchParams.keys()];
    api.recorder.observe('OBS-RESPONSE-FORM', `authorized_url: ${url.origin === new URL(target.baseUrl).origin ? "on the API's origin" : 'on another origin than the API'}, ${url.pathname.includes(id) ? 'the path carries the session id' : 'the path does not carry the session id'}, query parameters ${params.length ? params.join(', ') : '(none)'}`);
    const expiry = /(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/i.exec(data.authorized_url_expiration_utc);
    api.recorder.observe('OBS-RESPONSE-FORM', `authorized_url_expiration_utc: ${expiry?.[1] ? `${expiry[1].length} fraction digits` : 'no fraction'}, offset ${expiry?.[2] ?? '(none)'}`);
    api.recorder.observe('OBS-RESPONSE-FORM', `time: ${Number.isInteger((answer.json as { time?: unknown }).time) ? 'an integer' : 'a decimal'}; developer_message ${'developer_message' in (answer.json as object) ? 'present' : 'absent'} on success; HTTP ${answer.status}, body status ${String(bodyStatus(answer))}`);
  });
});
