// A stand-in for an Ingo environment whose signature check deviates from the documentation in one
// known way (the mistakes onboarding diagnoses): another clock, hex digests, SHA-256, another header
// list. It answers 401 to anything else, with a Date header from its own clock.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthorization, signingString } from '../../../src/client/signer.ts';
import { SESSION_PATH } from '../../../src/contract/index.ts';

export interface Quirks {
  readonly secret: string;
  readonly username: string;
  /** The server's clock minus the real one. */
  readonly clockOffsetSeconds?: number;
  readonly digest?: 'base64' | 'hex';
  readonly algorithm?: 'hmac-sha512' | 'hmac-sha256';
  readonly headers?: readonly string[];
}

export async function startFakeIngo(quirks: Quirks): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = new Date(Date.now() + (quirks.clockOffsetSeconds ?? 0) * 1000);
      const ok = verify(quirks, req.headers as Record<string, string>, Buffer.concat(chunks), now);
      const body = ok ? { status: 100, client_message: 'Success', data: { session_identifier: 's1', authorized_url: 'http://127.0.0.1/x', authorized_url_expiration_utc: now.toISOString(), participant_unique_id1: 'p', participant_unique_id2: '' }, time: 0 } : { message: 'Unauthorized' };
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', date: now.toUTCString() });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function verify(q: Quirks, headers: Record<string, string>, body: Buffer, now: Date): boolean {
  const auth = parseAuthorization(headers['authorization'] ?? '');
  if (!auth || auth.params['username'] !== q.username) return false;
  const algorithm = q.algorithm ?? 'hmac-sha512';
  if (auth.params['algorithm'] !== algorithm) return false;
  const expectedList = (q.headers ?? ['request-line', 'x-date', 'content-type', 'content-sha512', 'content-length']).join(' ');
  if (auth.params['headers'] !== expectedList) return false;
  const date = Date.parse(headers['x-date'] ?? '');
  if (!Number.isFinite(date) || Math.abs(date - now.getTime()) > 300_000) return false;
  if (headers['content-sha512'] !== createHash('sha512').update(body).digest(q.digest ?? 'base64')) return false;
  const text = signingString(expectedList.split(' '), `POST ${SESSION_PATH} HTTP/1.1`, headers);
  const expected = createHmac(algorithm === 'hmac-sha512' ? 'sha512' : 'sha256', q.secret).update(text).digest('base64');
  return auth.params['signature'] === expected;
}
