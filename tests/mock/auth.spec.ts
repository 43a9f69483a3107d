// Request signing (contract-notes.md): every check refuses with the same uninformative 401.
import { expect, test } from '@playwright/test';
import { sign, type SigningTweak } from '../../src/client/signer.ts';
import { SESSION_PATH } from '../../src/contract/index.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, DEMO_PRIMARY, harness, type Harness } from './support.ts';

let h: Harness;
test.beforeAll(async () => {
  h = await harness();
});
test.afterAll(async () => h.close());

const signed = contract.hmac.signedHeaders;

async function expectUnauthorized(tweak: SigningTweak, label: string) {
  const body = validSessionBody(contract);
  const r = await create(h.client, body, { tweak });
  expect(r.status, label).toBe(401);
  expect(r.json, label).toEqual({ message: 'Unauthorized' });
  // Nothing that helps an attacker: not the signature the server expected, not the secret.
  const bytes = Buffer.from(JSON.stringify(body));
  const correct = sign(contract.hmac, h.client.credentials, { method: 'POST', path: SESSION_PATH, body: bytes, contentType: 'application/json', date: r.sentAt });
  expect(r.rawBody).not.toContain(correct.signature);
  expect(r.rawBody).not.toContain(DEMO_PRIMARY.secret);
  expect(Object.keys(r.headers).filter((k) => /signature|hmac/i.test(k))).toEqual([]);
}

test('a correctly signed request passes; any listed order of the signed headers works', async () => {
  expect((await create(h.client, validSessionBody(contract))).status).toBe(200);
  const reversed = [...signed].reverse();
  expect((await create(h.client, validSessionBody(contract), { tweak: { signedHeaders: reversed } })).status).toBe(200);
  const shuffled = await create(h.client, validSessionBody(contract), { tweak: { signedHeaders: ['content-length', 'request-line', 'content-sha512', 'x-date', 'content-type'] } });
  expect(shuffled.status).toBe(200);
});

test('no Authorization header → 401', async () => {
  await expectUnauthorized({ omitHeaders: ['authorization'] }, 'no Authorization');
});

test('unknown username → 401', async () => {
  await expectUnauthorized({ username: 'nobody' }, 'unknown user');
});

test('wrong secret, wrong algorithm under the label, hex signature → 401', async () => {
  await expectUnauthorized({ secret: 'not-the-secret' }, 'wrong secret');
  await expectUnauthorized({ computeWith: 'hmac-sha256' }, 'sha256 under an hmac-sha512 label');
  await expectUnauthorized({ signatureEncoding: 'hex-then-base64' }, 'hex signature');
});

test('a body changed after signing → 401', async () => {
  const body = validSessionBody(contract);
  const other = Buffer.from(JSON.stringify({ ...body, participant_unique_id1: 'changed' }));
  const r = await create(h.client, body, { bodyAfterSigning: other });
  expect(r.status).toBe(401);
  expect(r.json).toEqual({ message: 'Unauthorized' });
});

test('a headers list missing any required header → 401', async () => {
  for (const name of signed) await expectUnauthorized({ signedHeaders: signed.filter((n) => n !== name) }, `without ${name}`);
});

test('a required header missing from the request → 401', async () => {
  for (const name of signed.filter((n) => n !== 'request-line' && n !== 'content-length')) {
    // The signer cannot sign a header that is not there: sign it, then leave it out.
    await expectUnauthorized({ omitHeaders: [name] }, `no ${name} header`);
  }
});

test('X-Date skew: beyond 300 s either way → 401; within → accepted', async () => {
  const skew = contract.hmac.clockSkewSeconds;
  await expectUnauthorized({ skewSeconds: skew + 5 }, 'future');
  await expectUnauthorized({ skewSeconds: -(skew + 2) }, 'past');
  await expectUnauthorized({ overrideHeaders: { 'X-Date': 'not a date' } }, 'garbage date');
  for (const s of [skew - 10, -(skew - 10), 0]) {
    expect((await create(h.client, validSessionBody(contract), { tweak: { skewSeconds: s } })).status, `skew ${s}`).toBe(200);
  }
});

test('Content-sha512: hex digest or a digest of other bytes → 401', async () => {
  await expectUnauthorized({ digestEncoding: 'hex' }, 'hex digest');
  await expectUnauthorized({ overrideHeaders: { 'Content-sha512': Buffer.alloc(64).toString('base64') } }, 'digest of other bytes');
});

test('malformed Authorization values → 401', async () => {
  const values = [
    '',
    'hmac',
    'Bearer abc',
    'hmac username="demo-paypal"',
    'hmac username="demo-paypal", algorithm="hmac-md5", headers="request-line x-date content-type content-sha512 content-length", signature="x"',
    'hmac username="demo-paypal", algorithm="hmac-sha512", headers="request-line x-date content-type content-sha512 content-length", signature=""',
    'hmac username=demo-paypal, algorithm=hmac-sha512',
    'hmac username="demo-paypal", username="x"',
    'hmac username="constructor", algorithm="toString", headers="request-line", signature="a"',
    'hmac username="__proto__", algorithm="__proto__", headers="__proto__", signature="a"',
    'x'.repeat(8000),
  ];
  for (const value of values) {
    const r = await create(h.client, validSessionBody(contract), { tweak: { overrideHeaders: { Authorization: value } } });
    expect(r.status, value.slice(0, 60)).toBe(401);
  }
});

test('a header list naming a header that is not in the request → 401', async () => {
  const body = validSessionBody(contract);
  const r = await create(h.client, body, {
    tweak: { overrideHeaders: { Authorization: sign(contract.hmac, h.client.credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(JSON.stringify(body)), contentType: 'application/json', date: h.sim.clock.now() }).headers['Authorization']!.replace('headers="', 'headers="x-missing ') } },
  });
  expect(r.status).toBe(401);
});
