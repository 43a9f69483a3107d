// When a server refuses the signature, onboarding names the mistake its answers point to.
import { expect, test } from '@playwright/test';
import { SessionClient } from '../../src/client/session-client.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { loadContract } from '../../src/contract/index.ts';
import { accepted, diagnoseRefusal } from '../../src/cli/onboarding/diagnose.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { CheckedAnswers } from '../../src/cli/onboarding/answers.ts';
import { dateHeaderOffsetSeconds } from '../../src/checks/clock.ts';
import { startFakeIngo, type Quirks } from './support/fake-ingo.ts';

const contract = loadContract();
const SECRET = 'fresh-credentials-secret';

async function diagnose(quirks: Omit<Quirks, 'secret' | 'username'>, secret = SECRET) {
  const server = await startFakeIngo({ secret: SECRET, username: 'acme', ...quirks });
  const transport = undiciTransport({ connections: 2 });
  try {
    const client = new SessionClient({ baseUrl: server.url, credentials: { username: 'acme', secret, algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport });
    const body = validSessionBody(contract, { hostUri: null, idPrefix: 'onboarding' });
    const first = await client.createSession(body);
    expect(first.status).toBe(401);
    const offset = dateHeaderOffsetSeconds(first);
    const answers = new CheckedAnswers({ contract, secrets: [secret], participant: { paypal_enabled: false, host_uris: [] } });
    return await diagnoseRefusal({ client, answers, scheme: contract.hmac, body, baseUrl: server.url, ...(offset !== undefined && { offsetSeconds: offset }) });
  } finally {
    await transport.close();
    await server.close();
  }
}

test.describe('diagnosing a refused signature', () => {
  test('a documented server accepts our request as is (the fake is faithful)', async () => {
    const server = await startFakeIngo({ secret: SECRET, username: 'acme' });
    const transport = undiciTransport();
    const client = new SessionClient({ baseUrl: server.url, credentials: { username: 'acme', secret: SECRET, algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport });
    expect(accepted(await client.createSession(validSessionBody(contract, { hostUri: null, idPrefix: 'onboarding' })))).toBe(true);
    await transport.close();
    await server.close();
  });

  test('clock skew: accepted with X-Date from the server clock, and the offset is named', async () => {
    const d = await diagnose({ clockOffsetSeconds: 900 });
    expect(d.cause).toBe("X-Date from the server's clock (+900 s)");
    expect(d.advice).toContain('your clock is 900 s behind the server');
  });

  test('a server that wants a hex digest', async () => {
    const d = await diagnose({ digest: 'hex' });
    expect(d.cause).toBe('Content-sha512 as hex');
    expect(d.advice).toContain('the server accepted a hex digest');
  });

  test('a participant set up for hmac-sha256', async () => {
    const d = await diagnose({ algorithm: 'hmac-sha256' });
    expect(d.cause).toBe('algorithm="hmac-sha256"');
    expect(d.advice).toContain('INGO_HMAC_ALGORITHM=hmac-sha256');
  });

  test('a server that expects another header list', async () => {
    const d = await diagnose({ headers: ['x-date', 'request-line'] });
    expect(d.cause).toBe('headers="x-date request-line"');
    expect(d.advice).toContain('Sign exactly these headers in this order');
  });

  test('a secret pasted with a newline', async () => {
    const d = await diagnose({}, `${SECRET}\n`);
    expect(d.cause).toBe('secret without surrounding whitespace');
  });

  test('a wrong secret: nothing explains it, and the advice says to check the credentials without printing them', async () => {
    const d = await diagnose({}, 'not-the-secret-at-all');
    expect(d.cause).toBeUndefined();
    expect(d.advice).toMatch(/^none of the known mistakes got the request accepted \(10 tried; your clock is within 1 s of the server's, so it is not clock skew\)/);
    expect(d.advice).not.toContain('not-the-secret-at-all');
    expect(d.tried.every((t) => t.answer === 'HTTP 401')).toBe(true);
  });
});
