// The signing verifier names each mistake of the catalogue from the request alone (with the
// participant's secret), and never puts the secret in what it returns.
import { createHash, createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sign, type SigningTweak } from '../../src/client/signer.ts';
import { verifySigning, type ReceivedRequest } from '../../src/client/verify-signing.ts';
import type { MistakeId } from '../../src/client/signing-mistakes.ts';
import { SESSION_PATH, loadContract } from '../../src/contract/index.ts';

const contract = loadContract();
const scheme = contract.hmac;
const holder = { username: 'acme', secret: 'acme-signing-secret-0123' };
const other = { username: 'globex', secret: 'globex-signing-secret-4567' };
const holders = [holder, other];
const body = Buffer.from(JSON.stringify({ participant_unique_id1: 'p-1', recipient_information: { first_name: 'Jack', last_name: 'Frost' } }), 'utf8');
const NOW = Date.parse('2026-01-20T10:00:00Z');

function received(headers: Record<string, string>, bytes: Uint8Array = body, target = SESSION_PATH): ReceivedRequest {
  return { method: 'POST', target, httpVersion: '1.1', headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), body: bytes };
}

function signed(tweak: SigningTweak = {}, credentials = { ...holder, algorithm: 'hmac-sha512' as const }, bytes: Uint8Array = body) {
  return sign(scheme, credentials, { method: 'POST', path: SESSION_PATH, body: bytes, contentType: 'application/json', date: new Date(NOW) }, tweak).headers;
}

function mistakeOf(headers: Record<string, string>, bytes: Uint8Array = body): MistakeId | undefined {
  return verifySigning(received(headers, bytes), holders, scheme, NOW).mistake?.id;
}

test('a correctly signed request verifies, with X-Date fresh', () => {
  const verdict = verifySigning(received(signed()), holders, scheme, NOW);
  expect(verdict.ok).toBe(true);
  expect(verdict.known).toBe(true);
  expect(verdict.xDate).toMatchObject({ fresh: true, skewSeconds: 0 });
  expect(verdict.built).toBe(verdict.implied);
});

test('each classic mistake is named', () => {
  expect(mistakeOf(signed({ digestEncoding: 'hex' }))).toBe('hex-digest');
  expect(mistakeOf(signed({ signatureEncoding: 'hex-then-base64' }))).toBe('hex-signature');
  expect(mistakeOf(signed({ computeWith: 'hmac-sha256' }))).toBe('computed-with-other-algorithm');
  expect(mistakeOf(signed({ username: 'nobody', secret: 'nobody-has-this-secret' }))).toBe('unknown-username');
  // Named globex, signed with acme's secret.
  expect(mistakeOf(signed({ username: 'globex' }))).toBe('wrong-username');
  expect(mistakeOf(signed({ username: 'nobody' }))).toBe('wrong-username');
  expect(mistakeOf(signed({ secret: `${holder.secret}\n` }))).toBe('secret-whitespace');
  expect(mistakeOf(signed({ secret: 'entirely-wrong-secret' }))).toBe('wrong-secret');
  expect(mistakeOf(signed({ signedHeaders: ['request-line', 'x-date'] }))).toBe('headers-list-incomplete');
  expect(mistakeOf(signed({ omitHeaders: ['authorization'] }))).toBe('no-authorization');
  // The body pretty-printed after the compact bytes were hashed and signed.
  const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
  expect(mistakeOf({ ...signed(), 'Content-Length': String(pretty.byteLength) }, pretty)).toBe('re-serialised-body');
  // Other bytes entirely.
  const changed = Buffer.from(body.toString().replace('Jack', 'Jake'));
  expect(mistakeOf(signed(), changed)).toBe('body-changed-after-hashing');
  // A library that adds a charset after signing.
  expect(mistakeOf({ ...signed(), 'Content-Type': 'application/json; charset=utf-8' })).toBe('changed-header');
});

test('a wrong algorithm name says which algorithm the signature really is', () => {
  const headers = signed();
  headers['Authorization'] = headers['Authorization']!.replace('algorithm="hmac-sha512"', 'algorithm="sha512"');
  const verdict = verifySigning(received(headers), holders, scheme, NOW);
  expect(verdict.mistake?.id).toBe('wrong-algorithm-name');
  expect(verdict.mistake?.detail).toContain('name it algorithm="hmac-sha512"');
});

test('a signing string built in another order than headers="…" names is told apart from a wrong secret', () => {
  const headers = signed();
  const list = 'x-date request-line content-type content-sha512 content-length';
  const text = list.split(' ').map((n) => (n === 'request-line' ? `POST ${SESSION_PATH} HTTP/1.1` : `${n}: ${headers[Object.keys(headers).find((k) => k.toLowerCase() === n)!]}`)).join('\n');
  headers['Authorization'] = `hmac username="acme", algorithm="hmac-sha512", headers="${scheme.signedHeaders.join(' ')}", signature="${createHmac('sha512', holder.secret).update(text).digest('base64')}"`;
  const verdict = verifySigning(received(headers), holders, scheme, NOW);
  expect(verdict.mistake?.id).toBe('header-order');
  expect(verdict.mistake?.detail).toContain(list);
});

test('the draft-cavage (request-target) line instead of the request line', () => {
  const headers = signed();
  const values = (n: string) => headers[Object.keys(headers).find((k) => k.toLowerCase() === n)!];
  const text = scheme.signedHeaders.map((n) => (n === 'request-line' ? `(request-target): post ${SESSION_PATH}` : `${n}: ${values(n)}`)).join('\n');
  headers['Authorization'] = headers['Authorization']!.replace(/signature="[^"]*"/, `signature="${createHmac('sha512', holder.secret).update(text).digest('base64')}"`);
  expect(mistakeOf(headers)).toBe('request-line');
});

test('X-Date off by N seconds, or not RFC 1123, is judged apart from the signature', () => {
  const stale = verifySigning(received(signed({ skewSeconds: -412 })), holders, scheme, NOW);
  expect(stale.ok).toBe(true);
  expect(stale.xDate).toMatchObject({ fresh: false, skewSeconds: -412 });
  expect(stale.xDate.mistake?.detail).toBe("X-Date is 412 s behind the server's clock (allowed ±300 s)");
  const iso = verifySigning(received({ ...signed(), 'X-Date': new Date(NOW).toISOString() }), holders, scheme, NOW);
  expect(iso.xDate.mistake?.id).toBe('x-date-format');
});

test('nothing the verifier returns contains the secret', () => {
  for (const tweak of [{}, { digestEncoding: 'hex' as const }, { secret: 'wrong' }, { signatureEncoding: 'hex-then-base64' as const }, { secret: `${holder.secret} ` }]) {
    const text = JSON.stringify(verifySigning(received(signed(tweak)), holders, scheme, NOW));
    expect(text).not.toContain(holder.secret);
    expect(text).not.toContain(other.secret);
  }
});

test('the digest the hex-digest mistake is told from is the documented base64 of the raw digest', () => {
  const headers = signed({ digestEncoding: 'hex' });
  expect(headers['Content-sha512']).toBe(createHash('sha512').update(body).digest('hex'));
});
