// Bad input never crashes the simulator nor earns a 5xx; memory stays bounded; chaos options work.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { sign } from '../../src/client/signer.ts';
import { TransportError } from '../../src/client/transport.ts';
import { SESSION_PATH, setIn } from '../../src/contract/index.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, create, credentials, DEMO_PRIMARY, harness, withHarness, type Harness } from './support.ts';
import { apiStatus, data } from './answers.ts';
import { getPage } from './pages.ts';

let h: Harness;
test.beforeAll(async () => {
  h = await harness();
});
test.afterAll(async () => h.close());

const raw = (bytes: string | Buffer) => ({ rawBody: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes });

/** Sends bytes with a correct signature over them, through node:http (for chunked bodies). */
function rawHttp(url: string, init: { method?: string; path?: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, method: init.method ?? 'POST', path: init.path ?? SESSION_PATH, headers: init.headers ?? {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    for (const chunk of init.chunks ?? []) req.write(chunk);
    req.end();
  });
}

test.describe('malformed bodies get a 4xx in the documented error shape', () => {
  const cases: Record<string, Buffer> = {
    'malformed JSON': Buffer.from('{"participant_unique_id1": "a",'),
    'invalid UTF-8': Buffer.concat([Buffer.from('{"participant_unique_id1":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    'deep nesting': Buffer.from(`{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`),
    'deep objects': Buffer.from(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`),
    'empty body': Buffer.alloc(0),
    'whitespace only': Buffer.from('  \n '),
    'trailing garbage': Buffer.from('{}garbage'),
    'NUL bytes': Buffer.from([0, 0, 0]),
  };
  for (const [label, bytes] of Object.entries(cases)) {
    test(label, async () => {
      const r = await create(h.client, undefined, raw(bytes));
      expect(r.status, r.rawBody).toBe(400);
      expect(r.json).toMatchObject({ status: 13400, data: { body: [expect.any(String)] } });
      expect(contract.validateResponse(r.status, r.json).valid).toBe(true);
    });
  }

  test('moderate nesting in an extra field, a BOM, odd numbers and __proto__ keys are harmless', async () => {
    const nested = { ...validSessionBody(contract), extra: JSON.parse(`${'['.repeat(20)}1${']'.repeat(20)}`) };
    expect((await create(h.client, nested)).status).toBe(200);
    expect((await create(h.client, undefined, raw(`\uFEFF${JSON.stringify(validSessionBody(contract))}`))).status).toBe(200);
    const text = JSON.stringify(validSessionBody(contract)).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"big":1e999,"neg":-0,');
    const r = await create(h.client, undefined, raw(text));
    expect(r.status, r.rawBody).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const withNul = validSessionBody(contract);
    withNul['recipient_information'].first_name = 'Ja\u0000ck\u001b[31m';
    expect((await create(h.client, withNul)).status).toBeLessThan(500);
    const lone = JSON.stringify(validSessionBody(contract)).replace('"Jack"', '"\\ud800Jack"');
    expect((await create(h.client, undefined, raw(lone))).status).toBeLessThan(500);
  });
});

test.describe('transport-level limits', () => {
  test('non-JSON content types → 415; JSON with parameters or in upper case is fine', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x', 'application/xml']) {
      const r = await h.client.createSession(validSessionBody(contract), { contentType: type });
      expect(r.status, type).toBe(415);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    for (const type of ['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=UTF-8']) {
      expect((await h.client.createSession(validSessionBody(contract), { contentType: type })).status, type).toBe(200);
    }
  });

  test('a body over the limit → 413 without reading it all; the server stays healthy', async () => {
    await withHarness({ maxBodyBytes: 1024 }, async ({ sim, client }) => {
      const over = Buffer.from(JSON.stringify({ ...validSessionBody(contract), pad: 'x'.repeat(1100) }));
      const r = await create(client, undefined, raw(over));
      expect(r.status).toBe(413);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      // Chunked, no Content-Length: refused as soon as the limit is passed.
      const chunked = await rawHttp(sim.url, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: Array.from({ length: 20 }, () => Buffer.alloc(512, 0x20)) });
      expect(chunked.status).toBe(413);
      // A multi-megabyte body: a 413 or a cut connection, never a buffered body or a crash.
      try {
        const huge = await create(client, undefined, { ...raw(Buffer.alloc(8 * 1024 * 1024, 0x20)), timeoutMs: 5_000 });
        expect(huge.status).toBe(413);
      } catch (error) {
        expect(error).toBeInstanceOf(TransportError);
      }
      expect((await create(client, validSessionBody(contract))).status).toBe(200);
    });
  });

  test('the default limit is 64 KiB', async () => {
    const limit = 64 * 1024;
    const body = validSessionBody(contract);
    const base = Buffer.byteLength(JSON.stringify({ ...body, pad: '' }));
    expect((await create(h.client, { ...body, pad: 'x'.repeat(limit - base) })).status).toBe(200);
    expect((await create(h.client, { ...validSessionBody(contract), pad: 'x'.repeat(limit - base + 1) })).status).toBe(413);
  });

  test('oversized headers → 431 (Node), and the server keeps serving', async () => {
    const u = new URL(h.sim.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(u.port), u.hostname, () => {
        socket.write(`POST ${SESSION_PATH} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\nContent-Length: 0\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 431/);
    expect((await create(h.client, validSessionBody(contract))).status).toBe(200);
  });

  test('unknown paths → 404, wrong methods → 405, both JSON', async () => {
    for (const path of ['/', '/api', '/api/v1/sessions', `${SESSION_PATH}/`, '/favicon.ico', '//', '/%', '/..%2f']) {
      const res = await fetch(`${h.sim.url}${path}`);
      expect(res.status, path).toBe(404);
    }
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await fetch(`${h.sim.url}${SESSION_PATH}`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  test('a query string on the API path is part of the signed request line', async () => {
    const body = Buffer.from(JSON.stringify(validSessionBody(contract)));
    const date = h.sim.clock.now();
    const signedFor = (path: string) => sign(contract.hmac, credentials(DEMO_PRIMARY), { method: 'POST', path, body, contentType: 'application/json', date }).headers;
    const ok = await rawHttp(h.sim.url, { path: `${SESSION_PATH}?a=1`, headers: signedFor(`${SESSION_PATH}?a=1`), chunks: [body] });
    expect(ok.status).toBe(200);
    const bad = await rawHttp(h.sim.url, { path: `${SESSION_PATH}?a=1`, headers: signedFor(SESSION_PATH), chunks: [body] });
    expect(bad.status).toBe(401);
  });
});

// Built when the file loads: the first full-Unicode string arbitrary takes seconds to build, and a
// test that blocks its event loop that long while holding a keep-alive connection to its in-process
// simulator sees that connection reset when the loop resumes (the server's idle timer fires first).
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('', null, '0', '\u0000', 'ga', 'DC'));

test.describe('no input earns a 5xx (property-based)', () => {
  const seed = Number(process.env['INGO_SEED'] ?? 1);

  test('arbitrary JSON values as the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const r = await create(h.client, value);
        expect([200, 400]).toContain(r.status);
      }),
      { numRuns: 100, seed },
    );
  });

  test('arbitrary values in every field of a valid body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...contract.fields), anyValue, fc.option(fc.string({ unit: 'binary-ascii', maxLength: 300 })), async (field, value, key) => {
        const body = setIn(validSessionBody(contract), field.path, value);
        const printable = key === null ? undefined : key.replace(/[^\x20-\x7e]/g, '');
        const r = await create(h.client, body, printable === undefined ? {} : { idempotencyKey: printable });
        expect([200, 400, 401], r.rawBody).toContain(r.status);
      }),
      { numRuns: 150, seed },
    );
  });

  test('arbitrary bytes as the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const r = await create(h.client, undefined, raw(Buffer.from(bytes)));
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 100, seed },
    );
  });

  test('arbitrary signing headers', async () => {
    const printable = fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('Authorization', 'X-Date', 'Content-sha512', 'Content-Type', 'Idempotency-Key'), printable, async (name, value) => {
        const r = await create(h.client, validSessionBody(contract), { tweak: { overrideHeaders: { [name]: value } } });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 120, seed },
    );
  });

  test('arbitrary plug-in page paths and queries', async () => {
    const s = await create(h.client, validSessionBody(contract));
    const id = data(s).session_identifier as string;
    const segment = fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((x) => encodeURIComponent(x));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(id, 'x', ''), fc.constantFrom('', '/actions/complete', '/actions/fail-attempt', '/actions/x'), segment, segment, fc.constantFrom('GET', 'POST'), async (sid, suffix, t, hv, method) => {
        const res = await fetch(`${h.sim.url}/session/${sid}${suffix}?t=${t}&h=${hv}`, { method });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 150, seed },
    );
  });
});

test.describe('memory stays bounded', () => {
  test('sessions beyond maxSessions evict the oldest, together with its key', async () => {
    await withHarness({ maxSessions: 20 }, async ({ sim, client }) => {
      const keys = Array.from({ length: 50 }, () => randomUUID());
      const bodies = keys.map(() => validSessionBody(contract));
      const firsts = [];
      for (let i = 0; i < keys.length; i++) firsts.push(await create(client, bodies[i], { idempotencyKey: keys[i]! }));
      expect(firsts.every((r) => apiStatus(r) === 100)).toBe(true);
      expect(sim.stats()).toEqual({ sessions: 20, idempotencyKeys: 20 });
      // The newest replays; the evicted oldest starts over.
      expect(apiStatus(await create(client, bodies[49], { idempotencyKey: keys[49]! }))).toBe(101);
      expect(apiStatus(await create(client, bodies[0], { idempotencyKey: keys[0]! }))).toBe(100);
      expect(sim.stats().sessions).toBe(20);
      const evicted = await getPage(data(firsts[1]!).authorized_url);
      expect(evicted.status).toBe(404);
    });
  });

  test('sessions and keys are pruned after the key lifetime', async () => {
    await withHarness({}, async ({ sim, client }) => {
      for (let i = 0; i < 30; i++) await create(client, validSessionBody(contract), i % 2 ? { idempotencyKey: randomUUID() } : {});
      expect(sim.stats()).toEqual({ sessions: 30, idempotencyKeys: 15 });
      sim.clock.advance(contract.idempotencyKey.ttlSeconds / 2);
      await create(client, validSessionBody(contract), { idempotencyKey: randomUUID() });
      expect(sim.stats()).toEqual({ sessions: 31, idempotencyKeys: 16 });
      sim.clock.advance(contract.idempotencyKey.ttlSeconds / 2);
      expect(sim.stats()).toEqual({ sessions: 1, idempotencyKeys: 1 });
    });
  });
});

test.describe('chaos options', () => {
  test('errorRate 1: every API call gets 503 with Retry-After: 1', async () => {
    await withHarness({ chaos: { errorRate: 1 } }, async ({ client }) => {
      const r = await create(client, validSessionBody(contract));
      expect(r.status).toBe(503);
      expect(r.headers['retry-after']).toBe('1');
      expect(r.json).toEqual({ message: 'Service Unavailable' });
    });
  });

  test('dropRate 1: the connection is dropped', async () => {
    await withHarness({ chaos: { dropRate: 1 } }, async ({ client }) => {
      const error = await create(client, validSessionBody(contract)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).failure).toBe('connection-reset');
    });
  });

  test('latencyMs delays answers', async () => {
    await withHarness({ chaos: { latencyMs: 120 } }, async ({ client }) => {
      const r = await create(client, validSessionBody(contract));
      expect(r.status).toBe(200);
      expect(r.elapsedMs).toBeGreaterThanOrEqual(110);
    });
  });

  test('a seed replays the same outcomes; another seed gives others', async () => {
    const outcomes = async (seed: number) =>
      withHarness({ chaos: { errorRate: 0.4, dropRate: 0.2, seed } }, async ({ client }) => {
        const seen: string[] = [];
        for (let i = 0; i < 30; i++) {
          seen.push(await create(client, validSessionBody(contract)).then((r) => String(r.status), () => 'drop'));
        }
        return seen.join(',');
      });
    const a = await outcomes(7);
    expect(await outcomes(7)).toBe(a);
    expect(await outcomes(8)).not.toBe(a);
    expect(a).toContain('503');
    expect(a).toContain('drop');
    expect(a).toContain('200');
  });

  test('bad chaos settings are refused at start', async () => {
    await expect(harness({ chaos: { errorRate: 2 } })).rejects.toThrow(/errorRate/);
    await expect(harness({ chaos: { errorRate: 0.7, dropRate: 0.7 } })).rejects.toThrow(/exceed/);
    await expect(harness({ faults: ['no-such-fault'] })).rejects.toThrow(/valid names: .*skip-signature/);
    await expect(harness({ participants: [] })).rejects.toThrow(/non-empty/);
    await expect(harness({ maxSessions: 0 })).rejects.toThrow(/maxSessions/);
  });
});
