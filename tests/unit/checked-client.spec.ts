// The checked client and its recorder write what the reporter files from: a check failure with the
// rules its exchange broke, a harness error when a check throws, per-rule counts, and the failing
// exchange's evidence, always, past any cap.
import { expect, test, type TestInfo } from '@playwright/test';
import { defineCheck, expectCreated, type Check } from '../../src/checks/index.ts';
import { SessionClient } from '../../src/client/session-client.ts';
import type { HttpTransport } from '../../src/client/transport.ts';
import { loadContract } from '../../src/contract/index.ts';
import { CheckedClient, ContractCheckError, HarnessError } from '../../src/harness/checked-client.ts';
import { ExchangeRecorder, MAX_ATTACHED_EXCHANGES } from '../../src/harness/recorder.ts';
import { CHECK_FAILURE, HARNESS_ERROR, RULE_VERDICT } from '../../src/report/annotations.ts';

const contract = loadContract();
const success = contract.exampleResponses().find((e) => e.name === 'success')!.value as Record<string, any>;

/** A target answering the document's success (with a fresh expiry), or a 200 for state XX when `acceptXX`. */
function target(answer: (body: Record<string, any>) => { status: number; body: unknown }): HttpTransport {
  return async (request) => {
    const sent = JSON.parse(Buffer.from(request.body ?? []).toString('utf8') || '{}');
    const { status, body } = answer(sent);
    return { status, headers: { 'content-type': 'application/json', date: new Date().toUTCString() }, body: Buffer.from(JSON.stringify(body)) };
  };
}

function created(): { status: number; body: unknown } {
  return { status: 200, body: { ...success, data: { ...success['data'], authorized_url_expiration_utc: new Date(Date.now() + 30_000).toISOString() } } };
}

function checkedClient(testInfo: TestInfo, transport: HttpTransport, alwaysOn?: readonly Check[]) {
  const recorder = new ExchangeRecorder(testInfo, ['unit-secret']);
  const raw = new SessionClient({ baseUrl: 'http://127.0.0.1:1', credentials: { username: 'u', secret: 'unit-secret', algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport });
  return { recorder, api: new CheckedClient(raw, { contract, recorder, secrets: ['unit-secret'], participant: { paypal_enabled: false, host_uris: ['https://digitalpay.ingo.money'] }, ...(alwaysOn && { alwaysOn }) }) };
}

const notes = (testInfo: TestInfo, type: string) => testInfo.annotations.filter((a) => a.type === type).map((a) => JSON.parse(a.description!) as Record<string, any>);

test('a failing exchange is recorded as a check failure naming the rules it broke; per-rule counts come from the expectations', async ({}, testInfo) => {
  const { api, recorder } = checkedClient(testInfo, target((body) => (body['recipient_information']?.state === 'XX' ? created() : { status: 400, body: { status: 13400, client_message: 'x', data: { state: ['bad'] }, time: 0 } })));
  const body = contract.exampleRequest() as Record<string, any>;
  recorder.judgePerRule(['SM-VAL-STATE', 'SM-VAL-ZIP'], { unexercised: 'no case broke it' });
  const refused = defineCheck('refused', ['SM-VAL-STATE'], (exchange, _c, emit) => {
    if (exchange.status < 300) emit.fail('accepted');
  });
  await api.send('state YY', { ...body, recipient_information: { ...body['recipient_information'], state: 'YY' } }, { expect: refused });
  const error = await api.send('state XX', { ...body, recipient_information: { ...body['recipient_information'], state: 'XX' } }, { expect: refused }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractCheckError);
  expect(notes(testInfo, CHECK_FAILURE)).toEqual([{ requirementIds: ['SM-VAL-STATE'], checks: ['refused'], label: 'state XX', count: 1 }]);
  await recorder.flush();
  expect(notes(testInfo, RULE_VERDICT)).toEqual([
    expect.objectContaining({ id: 'SM-VAL-STATE', verdict: 'failed', exercised: 2, failed: 1, declared: true }),
    { id: 'SM-VAL-ZIP', verdict: 'not-checked', exercised: 0, failed: 0, declared: true, reason: 'no case broke it' },
  ]);
});

test('a check that throws is a harness error, never a conformance failure', async ({}, testInfo) => {
  const broken = defineCheck('broken', ['SM-RESP-EXPIRY'], () => {
    throw new TypeError('x is not a function');
  });
  const { api } = checkedClient(testInfo, target(created), [broken]);
  const error = await api.send('document example', contract.exampleRequest(), { expect: expectCreated(['SM-DOC-EXAMPLE']) }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HarnessError);
  expect((error as Error).message).toBe('harness error on "document example": the check broken threw TypeError: x is not a function');
  expect(testInfo.annotations.filter((a) => a.type === HARNESS_ERROR).map((a) => a.description)).toEqual(['the check broken threw TypeError: x is not a function']);
  expect(notes(testInfo, CHECK_FAILURE)).toEqual([]);
});

test(`the failing exchange is attached, marked, even after ${MAX_ATTACHED_EXCHANGES} passing ones; a property's last failure is attached last`, async ({}, testInfo) => {
  let n = 0;
  const { api, recorder } = checkedClient(testInfo, target(() => (++n >= 65 ? { status: 500, body: { message: 'boom' } } : created())));
  for (let i = 1; i <= 70; i++) await api.send(`request ${i}`, contract.exampleRequest()).catch(() => undefined);
  await recorder.flush();
  const evidence = testInfo.attachments.filter((a) => a.name.startsWith('evidence: ')).map((a) => JSON.parse(a.body!.toString('utf8')) as { label: string; failing?: boolean });
  const failing = evidence.filter((e) => e.failing);
  expect(evidence.filter((e) => !e.failing)).toHaveLength(MAX_ATTACHED_EXCHANGES);
  expect(failing.map((e) => e.label)).toEqual(['failure: request 65', 'failure: request 66', 'failure: request 70 (the last failure, the one reported)']);
  expect(evidence.at(-1)!.label).toBe('failure: request 70 (the last failure, the one reported)');
});
