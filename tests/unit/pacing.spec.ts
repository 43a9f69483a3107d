// Unit tests of the good-citizen transport: the pacer (rate and concurrency cap) and the retry policy
// (Retry-After honoured, bounded, never duplicating a create without an Idempotency-Key, persistent
// 429/503 reported as infrastructure trouble). A local node:http server plays the target; waits are
// injected, so nothing races a timer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test as base } from '../../src/harness/fixtures.ts';
import { Pacer, pacedTransport } from '../../src/client/pacing.ts';
import { parseRetryAfter, RateLimitedError, retryingTransport } from '../../src/client/retry.ts';
import { TransportError, type HttpRequest } from '../../src/client/transport.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { SessionClient } from '../../src/client/session-client.ts';
import { loadContract } from '../../src/contract/index.ts';
import { CheckedClient, ContractCheckError } from '../../src/harness/checked-client.ts';
import { ExchangeRecorder } from '../../src/harness/recorder.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

async function startTarget(handler: Handler): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on('end', () => handler(req, res, hits));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/sessions/point-in-time/plugin`,
    hits: () => hits,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const request = (url: string, headers: Record<string, string> = {}): HttpRequest => ({ method: 'POST', url, headers, body: Buffer.from('{}'), timeoutMs: 5000 });

/**
 * A virtual clock: sleep() registers a timer; run() fires timers in time order, moving the clock to
 * each one, until the given work is done. Records how long each sleep asked for.
 */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  const timers: Array<{ at: number; resolve: () => void }> = [];
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      return new Promise<void>((resolve) => timers.push({ at: now + ms, resolve }));
    },
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const settle = () => {
        done = true;
      };
      work.then(settle, settle); // also marks a rejection as handled: the caller awaits `work` below
      while (!done) {
        await flush();
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (next) {
          now = Math.max(now, next.at);
          next.resolve();
        }
      }
      return work;
    },
    sleeps,
  };
}

type Target = Awaited<ReturnType<typeof startTarget>>;

/** Each test gets its targets, a transport and a virtual clock, all closed after it whatever happened. */
const test = base.extend<{ serve: (handler: Handler) => Promise<Target>; transport: ReturnType<typeof undiciTransport>; clock: ReturnType<typeof fakeClock> }>({
  serve: async ({}, use) => {
    const started: Target[] = [];
    await use(async (handler) => {
      const target = await startTarget(handler);
      started.push(target);
      return target;
    });
    await Promise.all(started.map((t) => t.close()));
  },
  transport: async ({}, use) => {
    const transport = undiciTransport();
    await use(transport);
    await transport.close();
  },
  clock: async ({}, use) => use(fakeClock()),
});

test.describe('pacer', { tag: ['@harness'] }, () => {
  test('spaces request starts to maxRps', async ({ clock }) => {
    const pacer = new Pacer({ maxRps: 4, concurrency: 10, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    await clock.run(Promise.all(Array.from({ length: 6 }, () => pacer.run(async () => starts.push(clock.now())))));
    starts.sort((a, b) => a - b);
    expect(starts).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(pacer.startedCount).toBe(6);
  });

  test('an idle pacer does not make the next request wait', async ({ clock }) => {
    const pacer = new Pacer({ maxRps: 2, concurrency: 1, now: clock.now, sleep: clock.sleep });
    await clock.run(pacer.run(async () => undefined));
    await clock.run(clock.sleep(5000)); // idle for a while
    const before = clock.sleeps.length;
    await clock.run(pacer.run(async () => undefined));
    expect(clock.sleeps.length).toBe(before);
  });

  test('caps the requests in flight against a real server', async ({ serve, transport }) => {
    let inFlight = 0;
    let peak = 0;
    const pending: Array<() => void> = [];
    const server = await serve((_req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      pending.push(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const pacer = new Pacer({ concurrency: 3 });
    const paced = pacedTransport(transport, pacer);
    const all = Promise.all(Array.from({ length: 10 }, () => paced(request(server.url))));
    // Release requests one at a time as they arrive; never more than 3 may be waiting.
    let released = 0;
    while (released < 10) {
      await expect.poll(() => pending.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(inFlight).toBeLessThanOrEqual(3);
      pending.shift()!();
      released += 1;
    }
    const answers = await all;
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(peak).toBe(3);
  });

  test('refuses nonsense limits', () => {
    expect(() => new Pacer({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => new Pacer({ concurrency: 1, maxRps: 0 })).toThrow(/maxRps/);
  });
});

test.describe('retry policy', { tag: ['@harness'] }, () => {
  test('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Fri, 17 Jan 2020 20:00:00 GMT', Date.parse('Fri, 17 Jan 2020 19:59:58 GMT'))).toBe(2000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  test('a 429 with Retry-After is honoured for a request with an Idempotency-Key', async ({ serve, transport, clock }) => {
    const server = await serve((_req, res, hit) => {
      if (hit <= 2) res.writeHead(429, { 'retry-after': '2' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":100}');
    });
    const retrying = retryingTransport(transport, { sleep: clock.sleep });
    const answer = await clock.run(retrying(request(server.url, { 'Idempotency-Key': 'k-1' })));
    expect(answer.status).toBe(200);
    expect(server.hits()).toBe(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  test('a 503 with Retry-After is honoured too; a 503 without it is passed on as the answer', async ({ serve, transport, clock }) => {
    const server = await serve((req, res, hit) => {
      if (req.headers['x-case'] === 'plain') res.writeHead(503).end();
      else if (hit === 1) res.writeHead(503, { 'retry-after': '1' }).end();
      else res.writeHead(200).end('{}');
    });
    const retrying = retryingTransport(transport, { sleep: clock.sleep });
    expect((await clock.run(retrying(request(server.url, { 'Idempotency-Key': 'k-2' })))).status).toBe(200);
    expect((await clock.run(retrying(request(server.url, { 'Idempotency-Key': 'k-3', 'x-case': 'plain' })))).status).toBe(503);
    expect(server.hits()).toBe(3);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('without an Idempotency-Key a 429 is never retried: reported as infrastructure trouble', async ({ serve, transport, clock }) => {
    const server = await serve((_req, res) => res.writeHead(429, { 'retry-after': '1' }).end());
    const retrying = retryingTransport(transport, { sleep: clock.sleep });
    const error = await clock.run(retrying(request(server.url))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/^infrastructure error/);
    expect((error as Error).message).toMatch(/no Idempotency-Key/);
    expect(server.hits()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('a persistent 429 stops after the bounded retries and is infrastructure trouble', async ({ serve, transport, clock }) => {
    const server = await serve((_req, res) => res.writeHead(429, { 'retry-after': '1' }).end());
    const retrying = retryingTransport(transport, { sleep: clock.sleep, maxRetries: 3 });
    const error = await clock.run(retrying(request(server.url, { 'Idempotency-Key': 'k-4' }))).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^infrastructure error \(rate-limited, HTTP 429\).*after 3 retries/);
    expect(server.hits()).toBe(4);
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
  });

  test('a Retry-After longer than the harness waits is reported at once', async ({ serve, transport, clock }) => {
    const server = await serve((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const retrying = retryingTransport(transport, { sleep: clock.sleep, maxDelayMs: 10_000 });
    const error = await clock.run(retrying(request(server.url, { 'Idempotency-Key': 'k-5' }))).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^infrastructure error.*Retry-After 3600/);
    expect(server.hits()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('a request that never reached the server (connection refused) is retried, boundedly', async ({ serve, transport, clock }) => {
    const server = await serve((_req, res) => res.end());
    const url = server.url;
    await server.close(); // nothing listens on the port any more
    const retries: string[] = [];
    const retrying = retryingTransport(transport, { sleep: clock.sleep, maxRetries: 2, onRetry: (r) => retries.push(r.reason) });
    const error = await clock.run(retrying(request(url))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('connection-refused');
    expect(retries).toEqual(['connection-refused', 'connection-refused']);
  });

  test('a request that reached the server and timed out is not retried', async ({ serve, transport, clock }) => {
    const server = await serve(() => undefined); // never answers
    const retrying = retryingTransport(transport, { sleep: clock.sleep });
    const error = await clock.run(retrying({ ...request(server.url, { 'Idempotency-Key': 'k-6' }), timeoutMs: 500 })).catch((e: unknown) => e);
    expect((error as TransportError).failure).toBe('timeout');
    // One attempt at most (on a loaded machine the request may not even have arrived in time).
    expect(server.hits()).toBeLessThanOrEqual(1);
    expect(clock.sleeps).toEqual([]);
  });

  test.describe('a 503 with Retry-After that one request keeps getting', () => {
    /** A target that answers 503 Retry-After to the keyed request under test (or to everything), 400 to the rest (the probe). */
    function target(serve: (handler: Handler) => Promise<Target>, everything: boolean) {
      return serve((req, res) => {
        if (everything || req.headers['idempotency-key'] !== undefined) res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"message":"unavailable"}');
        else res.writeHead(400, { 'content-type': 'application/json' }).end('{"status":13400,"client_message":"x","data":{"state":["bad"]},"time":0}');
      });
    }

    function clientOf(url: string, transport: ReturnType<typeof undiciTransport>, sleep: (ms: number) => Promise<void>): SessionClient {
      const contract = loadContract();
      return new SessionClient({ baseUrl: new URL(url).origin, credentials: { username: 'u', secret: 's', algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport: retryingTransport(transport, { sleep }) });
    }

    test('while a probe is answered, it is the server\'s answer to that input: returned, and SM-ROBUST-NO-5XX fails on it', async ({ serve, transport, clock }, testInfo) => {
      const server = await target(serve, false);
      const client = clientOf(server.url, transport, clock.sleep);
      const exchange = await clock.run(client.createSession({ state: 'XX' }, { idempotencyKey: 'k-7' }));
      expect(exchange.status).toBe(503);
      expect(exchange.note).toBe('this request got HTTP 503 with Retry-After 4 times in a row, while a probe request to the same target was answered HTTP 400: the 503 is the server\'s answer to this input, not rate limiting');
      expect(server.hits()).toBe(5); // 4 attempts and the probe
      const checked = new CheckedClient(client, { contract: loadContract(), recorder: new ExchangeRecorder(testInfo, ['s']), secrets: ['s'], participant: { paypal_enabled: false, host_uris: [] } });
      const error = await clock.run(checked.send('state XX', { state: 'XX' }, { idempotencyKey: 'k-8' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContractCheckError);
      expect((error as ContractCheckError).requirementIds).toContain('SM-ROBUST-NO-5XX');
    });

    test('when the probe is refused too, the target is rate limiting: infrastructure trouble', async ({ serve, transport, clock }) => {
      const server = await target(serve, true);
      const error = await clock.run(clientOf(server.url, transport, clock.sleep).createSession({ state: 'GA' }, { idempotencyKey: 'k-9' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as Error).message).toMatch(/^infrastructure error \(rate-limited, HTTP 503\)/);
    });
  });
});
