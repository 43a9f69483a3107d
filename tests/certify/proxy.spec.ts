// npm run proxy: forwards every request unchanged and relays every answer unchanged (status line,
// header list, bytes); checks both sides after the answer is written; records every exchange masked
// (never the secret); answers a dead upstream 502 and records it as infrastructure; bad flags are one
// line and exit 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { request } from 'undici';
import { DEMO_PARTICIPANTS, DEMO_PRIMARY } from '../../src/config/demo-participants.ts';
import { startSimulator } from '../../src/mock/index.ts';
import { fromSimulatorParticipants } from '../../src/proxy/participants.ts';
import { startProxy } from '../../src/proxy/proxy.ts';
import type { ExchangeRecord } from '../../src/proxy/record.ts';
import type { InspectedExchange } from '../../src/proxy/types.ts';
import { needleFor, scanArtifacts } from '../../src/report/scan/scan-artifacts.ts';
import { clientFor, contract, exampleBody } from './support.ts';

const participants = fromSimulatorParticipants(DEMO_PARTICIPANTS);

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** An upstream that records what it receives and answers with what it is told. */
async function captureServer(answer: (seen: Seen) => { status: number; headers: Record<string, string>; body: Buffer | string }): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, a.headers);
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

test('forwards the request and relays the answer unchanged: bytes, header names, order and values', async () => {
  const upstream = await captureServer(() => ({ status: 207, headers: { 'X-Upstream-Thing': 'kept as is', 'Content-Type': 'application/weird' }, body: Buffer.from([0xff, 0xfe, 0x00, 0x41]) }));
  const proxy = await startProxy({ upstream: upstream.url, contract, participants });
  try {
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc3, 0x28, 0x7d]); // invalid UTF-8 inside
    const answer = await request(`${proxy.url}/api/v1/sessions/point-in-time/plugin?x=1`, {
      method: 'POST',
      headers: [['X-Date', 'Mon, 01 Jan 2024 00:00:00 GMT'], ['Content-Type', 'application/json'], ['X-Custom-Case', 'MiXeD'], ['X-Repeated', 'one'], ['X-Repeated', 'two']].flat(),
      body,
    });
    expect(answer.statusCode).toBe(207);
    expect(answer.headers['x-upstream-thing']).toBe('kept as is');
    expect(answer.headers['content-type']).toBe('application/weird');
    expect(Buffer.from(await answer.body.arrayBuffer())).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const seen = upstream.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/api/v1/sessions/point-in-time/plugin?x=1');
    expect(seen.body).toEqual(body);
    const pairs = (raw: string[]) => raw.reduce<string[]>((out, v, i) => (i % 2 ? out : [...out, `${v}: ${raw[i + 1]}`]), []).filter((p) => !/^(host|connection|keep-alive):/i.test(p));
    expect(pairs(seen.rawHeaders)).toEqual(['X-Date: Mon, 01 Jan 2024 00:00:00 GMT', 'Content-Type: application/json', 'X-Custom-Case: MiXeD', 'X-Repeated: one', 'X-Repeated: two', `content-length: ${body.byteLength}`]);
    expect(seen.headers.host).toBe(new URL(upstream.url).host);
  } finally {
    await proxy.close();
    await upstream.close();
  }
});

test('relays the answer as the upstream sent it: reason phrase, header names, order and repeats; a HEAD answer keeps its length', async () => {
  const upstream = createServer((req, res) => {
    const body = Buffer.from('{"a":1}');
    res.writeHead(201, 'Made It', ['X-First', 'one', 'Set-Cookie', 'a=1', 'x-lower', 'two', 'Set-Cookie', 'b=2', 'Content-Type', 'application/json', 'Content-Length', String(body.byteLength)]);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const proxy = await startProxy({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, contract, participants });
  // node:http, not undici: it keeps the status line and the raw header list as they came.
  const ask = (method: string) =>
    new Promise<{ status: number; message: string; raw: string[]; body: string }>((resolve, reject) => {
      const req = httpRequest(`${proxy.url}/anything`, { method }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, message: res.statusMessage!, raw: res.rawHeaders, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    const pairs = (raw: string[]) => raw.reduce<string[]>((out, v, i) => (i % 2 ? out : [...out, `${v}: ${raw[i + 1]}`]), []).filter((p) => !/^(date|connection|keep-alive):/i.test(p));
    const got = await ask('GET');
    expect([got.status, got.message, got.body]).toEqual([201, 'Made It', '{"a":1}']);
    expect(pairs(got.raw)).toEqual(['X-First: one', 'Set-Cookie: a=1', 'x-lower: two', 'Set-Cookie: b=2', 'Content-Type: application/json', 'Content-Length: 7']);
    const head = await ask('HEAD');
    expect([head.status, head.body]).toEqual([201, '']);
    expect(pairs(head.raw)).toContain('Content-Length: 7');
  } finally {
    await proxy.close();
    await new Promise<void>((r) => { upstream.close(() => r()); upstream.closeAllConnections(); });
  }
});

test('in front of the simulator: the client is judged on the request, the server on the response; the record is masked', async () => {
  const sim = await startSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-proxy-'));
  const file = join(dir, 'exchanges.jsonl');
  const exchanges: InspectedExchange[] = [];
  const lines: string[] = [];
  const proxy = await startProxy({ upstream: sim.url, contract, participants, recordFile: file, onExchange: (e) => exchanges.push(e), log: (l) => lines.push(l) });
  try {
    const client = clientFor(proxy.url);
    expect((await client.createSession(exampleBody(), { idempotencyKey: 'b3b0a8e4-7a52-4a26-9d36-6a4f3e3c1c11' })).status).toBe(200);
    expect((await client.createSession(exampleBody(), { tweak: { digestEncoding: 'hex' } })).status).toBe(401);
    expect((await client.createSession(exampleBody(), { tweak: { skewSeconds: -900 } })).status).toBe(401);
    const noEmail = exampleBody();
    delete noEmail['recipient_information'].email_address;
    expect((await client.createSession(noEmail)).status).toBe(400);
  } finally {
    await proxy.close();
    await sim.close();
  }
  expect(exchanges.map((e) => e.inspection.classification)).toEqual(['ok', 'client', 'client', 'client']);
  expect(exchanges[1]!.inspection.request.find((f) => f.kind === 'fail')).toMatchObject({ topic: 'signing', requirementIds: ['SM-AUTH-DIGEST'] });
  expect(exchanges[1]!.inspection.request.find((f) => f.kind === 'fail')!.message).toMatch(/^hex-digest: /);
  expect(exchanges[2]!.inspection.request.find((f) => f.kind === 'fail')).toMatchObject({ topic: 'x-date', requirementIds: ['SM-AUTH-SKEW'] });
  expect(exchanges[3]!.inspection.request.find((f) => f.kind === 'fail')).toMatchObject({ topic: 'email', requirementIds: ['SM-VAL-EMAIL-PAYPAL'] });
  expect(exchanges.every((e) => e.inspection.response.every((f) => f.kind !== 'fail'))).toBe(true);
  const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ExchangeRecord);
  expect(records.map((r) => r.class)).toEqual(['ok', 'client', 'client', 'client']);
  expect(records[0]!.request.body).toMatchObject({ recipient_information: { first_name: 'J***[4]', last_name: 'F***[5]' } });
  expect(records[1]!.signing).toMatchObject({ ok: false, mistake: 'hex-digest' });
  expect(lines.some((l) => l.startsWith('#2 POST /api/v1/sessions/point-in-time/plugin → 401') && l.includes('request ✘ signing: hex-digest'))).toBe(true);
  const needles = [needleFor('secret', DEMO_PRIMARY.secret), ...['Frost', '123 Main St', 'Atlanta', '1231231234', 'jack.frost@example.com'].map((v) => needleFor(v, v))];
  expect(scanArtifacts([dir], needles).hits).toEqual([]);
  expect(lines.join('\n')).not.toContain(DEMO_PRIMARY.secret);
});

test('a server that breaks the contract is the server’s failure, not the client’s', async () => {
  const upstream = await captureServer(() => ({ status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'boom' }));
  const exchanges: InspectedExchange[] = [];
  const proxy = await startProxy({ upstream: upstream.url, contract, participants, onExchange: (e) => exchanges.push(e) });
  try {
    expect((await clientFor(proxy.url).createSession(exampleBody(), { idempotencyKey: 'b3b0a8e4-7a52-4a26-9d36-6a4f3e3c1c12' })).status).toBe(500);
  } finally {
    await proxy.close();
    await upstream.close();
  }
  expect(exchanges[0]!.inspection.classification).toBe('server');
  expect(exchanges[0]!.inspection.response.find((f) => f.kind === 'fail')).toMatchObject({ check: 'noServerError', requirementIds: ['SM-ROBUST-NO-5XX'] });
});

test('a dead upstream is answered 502, a silent one 504, both recorded as infrastructure', async () => {
  const dead = await captureServer(() => ({ status: 200, headers: {}, body: '' }));
  const deadUrl = dead.url;
  await dead.close();
  const silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const exchanges: InspectedExchange[] = [];
  const toDead = await startProxy({ upstream: deadUrl, contract, participants, onExchange: (e) => exchanges.push(e) });
  const toSilent = await startProxy({ upstream: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, contract, participants, timeoutMs: 500, onExchange: (e) => exchanges.push(e) });
  try {
    const refused = await clientFor(toDead.url).createSession(exampleBody());
    expect(refused.status).toBe(502);
    expect(refused.headers['x-proxy-error']).toBe('upstream-unreachable');
    expect(refused.rawBody).toContain('could not be reached (ECONNREFUSED)');
    const slow = await clientFor(toSilent.url).createSession(exampleBody());
    expect(slow.status).toBe(504);
  } finally {
    await toDead.close();
    await toSilent.close();
    await new Promise<void>((r) => { silent.close(() => r()); silent.closeAllConnections(); });
  }
  expect(exchanges.map((e) => [e.outcome.kind, e.inspection.classification])).toEqual([['upstream-error', 'infrastructure'], ['upstream-error', 'infrastructure']]);
});

function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exit, out: () => stdout, err: () => stderr };
}

test('npm run proxy: bad flags are one line and exit 2', async () => {
  for (const [args, message] of [
    [[], 'ingopay proxy: --upstream <url> is required'],
    [['--upstream', 'ftp://x'], 'ingopay proxy: --upstream must be http:// or https://'],
    [['--upstream', 'http://127.0.0.1:4010/api'], 'ingopay proxy: --upstream must be an origin'],
    [['--upstream', 'http://127.0.0.1:4010', '--port', 'abc'], 'ingopay proxy: --port must be an integer between 0 and 65535'],
    [['--upstream', 'http://127.0.0.1:4010', '--bogus'], "ingopay proxy: Unknown option '--bogus'"],
    [['--upstream', 'http://127.0.0.1:4010', '--participants', '/nonexistent.json'], 'ingopay proxy: --participants: cannot read /nonexistent.json: ENOENT'],
  ] as const) {
    const run = runCli([...args]);
    expect(await run.exit, message).toBe(2);
    expect(run.err().trim().split('\n')).toHaveLength(1);
    expect(run.err()).toContain(message);
  }
  const config = runCli(['--upstream', 'http://127.0.0.1:4010'], { INGO_HMAC_ALGORITHM: 'md5' });
  expect(await config.exit).toBe(2);
  expect(config.err()).toMatch(/^ingopay proxy: configuration error: INGO_HMAC_ALGORITHM/);
});

test('npm run proxy against a dead upstream: a warning line, 502s, and a clean stop with the counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-proxy-cli-'));
  const run = runCli(['--upstream', 'http://127.0.0.1:9', '--port', '0', '--record', join(dir, 'x.jsonl')]);
  try {
    await expect.poll(() => run.out(), { timeout: 20_000 }).toContain('warning: the upstream is not reachable now');
    const url = /listening on (http:\S+)/.exec(run.out())![1]!;
    expect((await clientFor(url).createSession(exampleBody())).status).toBe(502);
  } finally {
    run.child.kill('SIGTERM');
  }
  expect(await run.exit).toBe(0);
  expect(run.out()).toContain('1 exchange: 1 infrastructure; records in');
  expect(run.err()).toBe('');
});
