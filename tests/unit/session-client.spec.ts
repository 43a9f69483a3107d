import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { SessionClient } from '../../src/client/session-client.ts';
import { bodyDigest } from '../../src/client/signer.ts';
import { TransportError } from '../../src/client/transport.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';

// A loopback server that echoes what it received, so the test sees exactly what went on the wire.
let server: Server;
let baseUrl: string;
test.beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.url === '/slow' || req.headers['x-test-slow']) return; // never answers: a timeout
    res.writeHead(200, { 'content-type': 'application/json', date: new Date('2030-01-01T00:00:00Z').toUTCString() });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString('base64') }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const contract = loadContract();
const credentials = { username: 'u', secret: 'secret-for-unit-test', algorithm: 'hmac-sha512' as const };
type Echo = { method: string; url: string; headers: Record<string, string>; body: string };

test.describe('session client over undici', () => {
  const clientFor = () => new SessionClient({ baseUrl, credentials, scheme: contract.hmac, transport: undiciTransport() });

  test('signs exactly the bytes it sends, and reports status, headers, body, timing and the server date', async () => {
    const response = await clientFor().createSession({ participant_unique_id1: 'José' }, { idempotencyKey: 'k-1' });
    const echo = response.json as Echo;
    const sent = Buffer.from(echo.body, 'base64');
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe(SESSION_PATH);
    expect(sent.toString('utf8')).toBe('{"participant_unique_id1":"José"}');
    expect(echo.headers['content-sha512']).toBe(bodyDigest(sent));
    expect(echo.headers['content-length']).toBe(String(sent.byteLength));
    expect(echo.headers['idempotency-key']).toBe('k-1');
    expect(echo.headers['authorization']).toMatch(/^hmac username="u", algorithm="hmac-sha512", headers="request-line x-date content-type content-sha512 content-length", signature="[A-Za-z0-9+/=]+"$/);
    expect(response.status).toBe(200);
    expect(response.serverDate?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(response.elapsedMs).toBeGreaterThan(0);
    expect(response.request.body).toBe('{"participant_unique_id1":"José"}');
  });

  test('sends deliberately wrong requests: body changed after signing, raw bytes, other content type, header left out', async () => {
    const client = clientFor();
    const changed = (await client.createSession({ a: 1 }, { bodyAfterSigning: Buffer.from('{"a":2}') })).json as Echo;
    expect(Buffer.from(changed.body, 'base64').toString()).toBe('{"a":2}');
    expect(changed.headers['content-sha512']).toBe(bodyDigest(Buffer.from('{"a":1}')));

    const raw = (await client.createSession(undefined, { rawBody: Buffer.from([0x7b, 0xff, 0xfe]), contentType: 'text/plain' })).json as Echo;
    expect(Buffer.from(raw.body, 'base64')).toEqual(Buffer.from([0x7b, 0xff, 0xfe]));
    expect(raw.headers['content-type']).toBe('text/plain');

    const noAuth = (await client.createSession({}, { tweak: { omitHeaders: ['authorization'] } })).json as Echo;
    expect(noAuth.headers['authorization']).toBeUndefined();

    const skewed = (await client.createSession({}, { tweak: { skewSeconds: -400 } })).json as Echo;
    expect(Date.parse(skewed.headers['x-date']!)).toBeLessThan(Date.now() - 390_000);
  });

  test('a target that does not answer in time is an infrastructure error, not a verdict', async () => {
    const client = clientFor();
    const failure = await client.createSession({}, { timeoutMs: 300, extraHeaders: { 'x-test-slow': '1' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).failure).toBe('timeout');
    expect(String((failure as Error).message)).toMatch(/^infrastructure error \(timeout\)/);
  });

  test('a dead target is an infrastructure error (connection refused)', async () => {
    const dead = new SessionClient({ baseUrl: 'http://127.0.0.1:9', credentials, scheme: contract.hmac, transport: undiciTransport() });
    const failure = await dead.createSession({}, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).failure).toBe('connection-refused');
  });
});
