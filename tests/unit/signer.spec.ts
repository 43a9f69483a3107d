import { createHash, createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { bodyDigest, parseAuthorization, sign, type Credentials, type SigningTweak } from '../../src/client/signer.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';

const scheme = loadContract().hmac;
const credentials: Credentials = { username: 'vector-user', secret: 'vector-secret', algorithm: 'hmac-sha512' };
const body = Buffer.from('{"participant_unique_id1":"ABC-1"}', 'utf8');
const date = new Date('2020-01-17T19:59:29Z');
const input = { method: 'POST', path: SESSION_PATH, body, contentType: 'application/json', date };

// Computed here with node:crypto, independently of the signer, from contract-notes.md's recipe.
const expectedDigest = createHash('sha512').update(body).digest().toString('base64');
const expectedSigningString = [
  'POST /api/v1/sessions/point-in-time/plugin HTTP/1.1',
  'x-date: Fri, 17 Jan 2020 19:59:29 GMT',
  'content-type: application/json',
  `content-sha512: ${expectedDigest}`,
  `content-length: ${body.byteLength}`,
].join('\n');

test.describe('hmac signer: fixed vectors', () => {
  test('hmac-sha512: headers, signing string and signature', () => {
    const signed = sign(scheme, credentials, input);
    const signature = createHmac('sha512', 'vector-secret').update(expectedSigningString).digest('base64');
    expect(signed.signingString).toBe(expectedSigningString);
    expect(signed.signature).toBe(signature);
    expect(signed.headers).toEqual({
      'X-Date': 'Fri, 17 Jan 2020 19:59:29 GMT',
      'Content-Type': 'application/json',
      'Content-sha512': expectedDigest,
      'Content-Length': '34',
      Authorization: `hmac username="vector-user", algorithm="hmac-sha512", headers="request-line x-date content-type content-sha512 content-length", signature="${signature}"`,
    });
  });

  test('hmac-sha256 (legacy): same signing string, SHA-256 HMAC', () => {
    const signed = sign(scheme, { ...credentials, algorithm: 'hmac-sha256' }, input);
    expect(signed.signingString).toBe(expectedSigningString);
    expect(signed.signature).toBe(createHmac('sha256', 'vector-secret').update(expectedSigningString).digest('base64'));
    expect(signed.headers['Authorization']).toContain('algorithm="hmac-sha256"');
  });

  test('the digest is base64 of the raw SHA-512 of the exact bytes (no trailing newline, no re-serialisation)', () => {
    expect(bodyDigest(body)).toBe(expectedDigest);
    expect(bodyDigest(Buffer.from('{"participant_unique_id1": "ABC-1"}'))).not.toBe(expectedDigest);
    expect(Buffer.from(bodyDigest(body), 'base64')).toHaveLength(64);
  });

  test('multi-byte bodies: Content-Length counts bytes, not characters', () => {
    const utf8 = Buffer.from('{"first_name":"Nguyễn José"}', 'utf8');
    const signed = sign(scheme, credentials, { ...input, body: utf8 });
    expect(signed.headers['Content-Length']).toBe(String(utf8.byteLength));
    expect(utf8.byteLength).toBeGreaterThan('{"first_name":"Nguyễn José"}'.length);
  });

  test('the Authorization header parses back into its parameters', () => {
    const parsed = parseAuthorization(sign(scheme, credentials, input).headers['Authorization']!);
    expect(parsed).toEqual({
      scheme: 'hmac',
      params: { username: 'vector-user', algorithm: 'hmac-sha512', headers: 'request-line x-date content-type content-sha512 content-length', signature: expect.any(String) },
    });
    expect(parseAuthorization('hmac garbage')).toBeUndefined();
  });
});

test.describe('hmac signer: each common mistake yields a different signature', () => {
  const mistakes: Record<string, SigningTweak> = {
    'clock skew of 301 s': { skewSeconds: 301 },
    'hex body digest': { digestEncoding: 'hex' },
    'hex signature before base64': { signatureEncoding: 'hex-then-base64' },
    'header order changed': { signedHeaders: ['request-line', 'content-type', 'x-date', 'content-sha512', 'content-length'] },
    'a header left out of the list': { signedHeaders: ['request-line', 'x-date', 'content-type', 'content-sha512'] },
    'wrong algorithm (SHA-256 under an hmac-sha512 label)': { computeWith: 'hmac-sha256' },
    'wrong secret': { secret: 'not-the-secret' },
  };

  test('all signatures differ from the correct one and from each other', () => {
    const correct = sign(scheme, credentials, input).signature;
    const signatures = Object.entries(mistakes).map(([name, tweak]) => [name, sign(scheme, credentials, input, tweak).signature] as const);
    const reserialised = sign(scheme, credentials, { ...input, body: Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)) }).signature;
    const all = [...signatures.map(([, s]) => s), reserialised];
    for (const [name, signature] of signatures) expect(signature, name).not.toBe(correct);
    expect(reserialised).not.toBe(correct);
    expect(new Set(all).size).toBe(all.length);
  });

  test('the hex digest mistake sends a 128-character hex Content-sha512', () => {
    const signed = sign(scheme, credentials, input, { digestEncoding: 'hex' });
    expect(signed.headers['Content-sha512']).toMatch(/^[0-9a-f]{128}$/);
  });

  test('omitting and overriding headers happen after signing', () => {
    const signed = sign(scheme, credentials, input, { omitHeaders: ['authorization', 'x-date'], overrideHeaders: { 'Content-Type': 'text/plain' } });
    expect(Object.keys(signed.headers).map((h) => h.toLowerCase()).sort()).toEqual(['content-length', 'content-sha512', 'content-type']);
    expect(signed.headers['Content-Type']).toBe('text/plain');
    expect(signed.signingString).toContain('content-type: application/json');
  });
});
