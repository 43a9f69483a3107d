// Every documented setting acts where it says: the samples in tests/unit/fixtures/settings run with
// the real fixtures against a loopback target that records what reaches it, so each setting is
// proven by its effect (where requests go, how they are signed, how many are in flight, when they
// time out, what the generators produce, what the browser calls expired), not by reading it back.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseAuthorization, signingString } from '../../src/client/signer.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';
import { createHmac } from 'node:crypto';
import { REPO_ROOT } from '../../src/report/run-context.ts';
import { cleanEnv, playwright, tempDir } from '../report/support/spawn.ts';
import { spawnSync } from 'node:child_process';

const contract = loadContract();
const CONFIG = 'tests/unit/fixtures/settings/settings.config.ts';
const EXPIRED_TEXT = 'This session is gone';

interface Received {
  readonly sample: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly startedAt: number;
  readonly inFlight: number;
}

/** A target that records what it receives; slow requests get no answer in time, the rest a success after 100 ms. */
async function recordingTarget(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const success = contract.exampleResponses().find((e) => e.name === 'success')!.value as Record<string, any>;
  const received: Received[] = [];
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ sample: String(req.headers['x-sample'] ?? ''), headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), startedAt: performance.now(), inFlight });
      if (req.url === '/expired') {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><h1>${EXPIRED_TEXT}</h1></body></html>`);
        return;
      }
      const delay = req.headers['x-sample'] === 'slow' ? 8000 : 100;
      setTimeout(() => {
        inFlight -= 1;
        const body = { ...success, data: { ...success['data'], authorized_url_expiration_utc: new Date(Date.now() + 30_000).toISOString() } };
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(JSON.stringify(body));
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Whether a received request carries a valid signature for these credentials. */
function signedBy(r: Received, username: string, secret: string, algorithm: 'hmac-sha512' | 'hmac-sha256'): boolean {
  const auth = parseAuthorization(String(r.headers['authorization'] ?? ''));
  if (!auth || auth.params['username'] !== username || auth.params['algorithm'] !== algorithm) return false;
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
  const text = signingString(auth.params['headers']!.split(' '), `POST ${SESSION_PATH} HTTP/1.1`, headers);
  return createHmac(contract.hmac.algorithms[algorithm], secret).update(text).digest('base64') === auth.params['signature'];
}

function sampleResult<T>(out: string, name: string): T {
  return JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as T;
}

test.describe.configure({ timeout: 180_000 });

test('remote mode: target, credentials, algorithm, hosts, PayPal flags, seed, profile, rate, concurrency, timeout and expired text all act', async () => {
  const target = await recordingTarget();
  const out = tempDir('settings');
  try {
    const run = await playwright(['test', '-c', CONFIG], {
      SETTINGS_OUT: out,
      SETTINGS_PAGE_URL: `${target.url}/expired`,
      INGO_TARGET: 'remote',
      INGO_BASE_URL: target.url,
      INGO_HMAC_USERNAME: 'alice',
      INGO_HMAC_SECRET: 'alice-secret-value',
      INGO_HMAC_ALGORITHM: 'hmac-sha256',
      INGO_HOST_URI: 'https://alice.example',
      INGO_PAYPAL_ENABLED: 'true',
      INGO_SECONDARY_HMAC_USERNAME: 'bob',
      INGO_SECONDARY_HMAC_SECRET: 'bob-secret-value',
      INGO_SECONDARY_HOST_URI: 'https://bob.example',
      INGO_SECONDARY_PAYPAL_ENABLED: 'false',
      INGO_SEED: '4242',
      INGO_PROFILE: 'certification',
      INGO_MAX_RPS: '10',
      INGO_CONCURRENCY: '2',
      INGO_REQUEST_TIMEOUT_MS: '2000',
      INGO_PLUGIN_EXPIRED_TEXT: EXPIRED_TEXT,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const of = (sample: string) => target.received.filter((r) => r.sample === sample);

    // INGO_TARGET=remote + INGO_BASE_URL: the requests reached this target; INGO_HMAC_*: signed as alice, with sha256.
    const [primary] = of('primary');
    expect(primary && signedBy(primary, 'alice', 'alice-secret-value', 'hmac-sha256')).toBe(true);
    // INGO_HOST_URI: the request names the configured host.
    expect(JSON.parse(primary!.body).host_uri).toBe('https://alice.example');
    // INGO_SECONDARY_*: the second participant signs as bob with its own secret and names its own host.
    const [secondary] = of('secondary');
    expect(secondary && signedBy(secondary, 'bob', 'bob-secret-value', 'hmac-sha256')).toBe(true);
    expect(JSON.parse(secondary!.body).host_uri).toBe('https://bob.example');

    // INGO_PAYPAL_ENABLED / INGO_SECONDARY_PAYPAL_ENABLED: email is always generated for the PayPal one only;
    // INGO_SEED: the property seed; INGO_PROFILE=certification: ten times the default runs.
    expect(sampleResult(out, 'generated')).toEqual({ primaryWithoutEmail: 0, secondaryWithoutEmail: expect.any(Number), seed: 4242, singleRuleRuns: 8000 });
    expect(sampleResult<{ secondaryWithoutEmail: number }>(out, 'generated').secondaryWithoutEmail).toBeGreaterThan(0);

    // INGO_CONCURRENCY=2: never more than two in flight, through either transport; INGO_MAX_RPS=10: ten starts take ≥ 0.9 s.
    const pacing = of('pacing');
    expect(pacing).toHaveLength(10);
    expect(Math.max(...pacing.map((r) => r.inFlight))).toBeLessThanOrEqual(2);
    const span = pacing.at(-1)!.startedAt - pacing[0]!.startedAt;
    expect(span).toBeGreaterThanOrEqual(800);

    // INGO_REQUEST_TIMEOUT_MS=2000: the slow request (answered after 8 s) is given up after 2 s, as infrastructure
    // trouble; 2 s, not less, so that the other samples' 100 ms answers never time out on a busy machine.
    const timeout = sampleResult<{ elapsedMs: number; error: string }>(out, 'timeout');
    expect(timeout.error).toMatch(/^infrastructure error \(timeout\)/);
    expect(timeout.elapsedMs).toBeGreaterThanOrEqual(1900);
    expect(timeout.elapsedMs).toBeLessThan(7500);

    // INGO_PLUGIN_EXPIRED_TEXT: a page showing it is an expired page, refused.
    expect(sampleResult<{ verdict: unknown }>(out, 'browser').verdict).toMatchObject({ kind: 'refused', by: 'expired-marker' });
  } finally {
    await target.close();
  }
});

test('mock mode: the user\'s credentials and host flow to the embedded simulator, and INGO_MOCK_FAULTS breaks it', async () => {
  const out = tempDir('settings-mock');
  const run = await playwright(['test', '-c', CONFIG, '-g', 'primary'], {
    SETTINGS_OUT: out,
    INGO_TARGET: 'mock',
    INGO_HMAC_USERNAME: 'carol',
    INGO_HMAC_SECRET: 'carol-secret-value',
    INGO_HOST_URI: 'https://carol.example',
    INGO_MOCK_FAULTS: 'status-as-string',
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  // Accepted: the simulator knows carol and her host; the fault sends the status as a string.
  expect(sampleResult(out, 'primary')).toEqual({ status: 200, apiStatus: '100' });
});

test('mock mode: INGO_MOCK_PERSONALITY makes the embedded simulator another conforming server', async () => {
  const out = tempDir('settings-personality');
  const run = await playwright(['test', '-c', CONFIG, '-g', 'primary'], { SETTINGS_OUT: out, INGO_TARGET: 'mock', INGO_MOCK_PERSONALITY: 'strict-gateway' });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  // strict-gateway answers a created session with HTTP 201 (the default personality: 200).
  expect(sampleResult(out, 'primary')).toEqual({ status: 201, apiStatus: 100 });
});

test('INGO_CONCURRENCY alone caps the requests in flight against a loopback target, which is otherwise unpaced', async () => {
  const target = await recordingTarget();
  try {
    const env = { SETTINGS_OUT: tempDir('settings-concurrency'), INGO_TARGET: 'remote', INGO_BASE_URL: target.url, INGO_HMAC_USERNAME: 'alice', INGO_HMAC_SECRET: 'alice-secret-value', INGO_HOST_URI: 'https://alice.example' };
    const capped = await playwright(['test', '-c', CONFIG, '-g', 'pacing'], { ...env, INGO_CONCURRENCY: '1' });
    expect(capped.code, capped.stdout + capped.stderr).toBe(0);
    expect(Math.max(...target.received.map((r) => r.inFlight))).toBe(1);
    target.received.length = 0;
    const unpaced = await playwright(['test', '-c', CONFIG, '-g', 'pacing'], env);
    expect(unpaced.code, unpaced.stdout + unpaced.stderr).toBe(0);
    expect(Math.max(...target.received.map((r) => r.inFlight))).toBeGreaterThan(1);
  } finally {
    await target.close();
  }
});

test('INGO_CHROMIUM_PATH is the browser Playwright launches', () => {
  const script = `import('${join(REPO_ROOT, 'src/browser/launch.ts')}').then((m) => console.log(m.chromiumLaunchOptions().executablePath))`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, env: cleanEnv({ INGO_CHROMIUM_PATH: '/opt/other/chromium' }), encoding: 'utf8' });
  expect(result.stdout.trim()).toBe('/opt/other/chromium');
});
