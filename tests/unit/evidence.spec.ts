import { expect, test } from '@playwright/test';
import type { SessionResponse } from '../../src/client/session-client.ts';
import { jsonDepth } from '../../src/contract/json-depth.ts';
import { exchangeEvidence } from '../../src/report/evidence.ts';

function exchange(requestBody: string, responseBody: string): SessionResponse {
  let json: unknown;
  try {
    json = JSON.parse(responseBody);
  } catch {
    json = undefined;
  }
  return {
    request: { method: 'POST', url: 'http://127.0.0.1:1/x', headers: { Authorization: 'hmac username="u", signature="abc"' }, body: requestBody },
    status: 400,
    headers: {},
    rawBody: responseBody,
    json,
    elapsedMs: 1,
    sentAt: new Date(),
  };
}

test('deeply nested bodies become truncated text evidence instead of overflowing the stack', () => {
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  const evidence = exchangeEvidence('deep', exchange(deep, '{"status":13400,"data":{"body":["too deep"]}}'), ['secret']);
  expect(typeof evidence.request.body).toBe('string');
  expect((evidence.request.body as string).length).toBeLessThanOrEqual(2000);
  expect(evidence.response.body).toMatchObject({ status: 13400 });
});

test('recipient values are masked in request evidence and in responses that echo them; the secret is scrubbed', () => {
  const body = JSON.stringify({ participant_unique_id1: 'id-1', recipient_information: { first_name: 'Josephine', city: 'Atlanta' } });
  const evidence = exchangeEvidence('masked', exchange(body, '{"status":13400,"data":{"first_name":["Josephine is wrong; my-secret-value"]}}'), ['my-secret-value']);
  const text = JSON.stringify(evidence);
  expect(text).not.toContain('Josephine');
  expect(text).not.toContain('Atlanta');
  expect(text).not.toContain('my-secret-value');
  expect(evidence.request.body).toMatchObject({ participant_unique_id1: 'id-1', recipient_information: { first_name: 'J***[9]' } });
});

test('jsonDepth ignores brackets inside strings', () => {
  expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
  expect(jsonDepth('[[{"a":[1]}]]')).toBe(4);
  expect(jsonDepth('"\\"[["')).toBe(0);
});
