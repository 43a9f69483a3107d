// Reproduction that reproduces: the report's curl recipe is run, as a person would run it, against a
// live simulator. It replays the exchange the check failed on (not the last one recorded), sends what
// was sent (the same deliberate signing mistakes, a fresh X-Date only), and writes no recipient value.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { SigningTweak } from '../../src/client/signer.ts';
import { SessionClient, type CreateSessionOptions } from '../../src/client/session-client.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { loadContract } from '../../src/contract/index.ts';
import { startSimulator, type RunningSimulator } from '../../src/mock/index.ts';
import { exchangeEvidence, type ExchangeEvidence } from '../../src/report/evidence.ts';
import { REPO_ROOT } from '../../src/report/run-context.ts';
import { filed, type FakeTarget } from './support/fake-results.ts';
import { cleanEnv, TSX_CLI, tempDir } from './support/spawn.ts';

const contract = loadContract();
const SECRET = 'replay-canary-secret-5be1';
const USER = 'replay-user';
const HOST = 'https://app.replay.test';
const RECIPIENT = ['Frost', '123 Main St', 'Atlanta', '1231231234'];

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let simulator: RunningSimulator;
let faulty: RunningSimulator;
const transport = undiciTransport();

test.beforeAll(async () => {
  const participants = [{ username: USER, secret: SECRET, participant_id: '7', paypal_enabled: false, host_uris: [HOST] }];
  simulator = await startSimulator({ participants });
  faulty = await startSimulator({ participants, faults: ['skip-signature'] });
});

test.afterAll(async () => {
  await simulator?.close();
  await faulty?.close();
  await transport.close();
});

function client(baseUrl: string): SessionClient {
  return new SessionClient({ baseUrl, credentials: { username: USER, secret: SECRET, algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport });
}

function body(): Record<string, any> {
  const b = contract.exampleRequest() as Record<string, any>;
  b['host_uri'] = HOST;
  b['participant_unique_id1'] = randomUUID();
  return b;
}

async function evidenceOf(baseUrl: string, label: string, options: CreateSessionOptions = {}, sent: unknown = body()): Promise<{ status: number; evidence: ExchangeEvidence }> {
  const exchange = await client(baseUrl).createSession(sent, options);
  return { status: exchange.status, evidence: exchangeEvidence(label, exchange, [SECRET], { failing: true }) };
}

function targetOf(baseUrl: string): FakeTarget {
  return { mode: 'remote', baseUrl, username: USER, hostUri: HOST, paypalEnabled: false, algorithm: 'hmac-sha512' };
}

/** Runs a recipe in a scratch directory as a person would (npm run sign there means the repository's sign CLI). */
function runRecipe(recipe: string, baseUrl: string): Promise<{ status: number; output: string }> {
  const dir = tempDir('replay');
  const script = recipe.replaceAll('npm run -s sign --', `"${process.execPath}" "${TSX_CLI}" "${join(REPO_ROOT, 'src/cli/sign.ts')}"`);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env: cleanEnv({ INGO_TARGET: 'remote', INGO_BASE_URL: baseUrl, INGO_HMAC_USERNAME: USER, INGO_HMAC_SECRET: SECRET, INGO_HOST_URI: HOST }) });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', () => {
      const status = Number(/^HTTP\/[\d.]+ (\d{3})/m.exec(output)?.[1] ?? 0);
      resolve({ status, output });
    });
  });
}

const tweaks: Array<[string, CreateSessionOptions, string]> = [
  ['a wrong secret', { tweak: { secret: `wrong-${randomUUID()}` } }, '--wrong-secret'],
  ['a hex digest', { tweak: { digestEncoding: 'hex' } }, '--hex-digest'],
  ['a signature hex-encoded before base64', { tweak: { signatureEncoding: 'hex-then-base64' } }, '--hex-signature'],
  ['a headers list without x-date', { tweak: { signedHeaders: contract.hmac.signedHeaders.filter((h) => h !== 'x-date') } }, '--signed-headers'],
  ['a signature computed with hmac-sha256 under hmac-sha512', { tweak: { computeWith: 'hmac-sha256' } }, '--compute-with hmac-sha256'],
  ['an X-Date an hour old', { tweak: { skewSeconds: -3600 } }, '--skew=-3600'],
  ['no Authorization header', { tweak: { omitHeaders: ['authorization'] } }, '--omit-header authorization'],
  ['a malformed Authorization', { tweak: { overrideHeaders: { Authorization: 'hmac username="x", signature=' } } satisfies SigningTweak }, `--header 'Authorization: hmac username="x", signature='`],
  ['an unknown username', { tweak: { username: `unknown-${randomUUID()}` } }, '--username unknown-'],
];

for (const [what, options, flag] of tweaks) {
  test(`a replay of ${what} repeats the mistake (401 again), with a fresh X-Date, and says so`, async () => {
    const recorded = await evidenceOf(simulator.url, what, options);
    expect(recorded.status).toBe(401);
    const record = filed({ status: 'failed', tags: ['@SM-AUTH-SIGNATURE'], errors: ['ContractCheckError: x'], evidence: [recorded.evidence] }, targetOf(simulator.url), [SECRET]);
    const curl = record.reproduction.curl!;
    expect(curl).toContain(flag);
    expect(curl).toMatch(/^# replays the request as it was sent; changed: X-Date is the current time/);
    expect(curl).toContain('# kept on purpose: ');
    const replay = await runRecipe(curl, simulator.url);
    expect(replay.status, replay.output).toBe(401);
  });
}

test('the body changed after signing: the replay signs one body and sends the other (401 again), even when they differ only in a masked name', async () => {
  const signed = body();
  for (const firstName of ['Mallory', 'Jock']) {
    const sent = { ...signed, recipient_information: { ...signed['recipient_information'], first_name: firstName } };
    const recorded = await evidenceOf(simulator.url, 'changed after signing', { bodyAfterSigning: Buffer.from(JSON.stringify(sent)) }, signed);
    expect(recorded.status).toBe(401);
    const curl = filed({ status: 'failed', tags: ['@SM-AUTH-DIGEST'], evidence: [recorded.evidence] }, targetOf(simulator.url), [SECRET]).reproduction.curl!;
    expect(curl).toContain('--signed-body-file signed-body.json');
    expect((await runRecipe(curl, simulator.url)).status).toBe(401);
  }
});

test('a correctly signed request replays as accepted; a wrong secret that a broken server accepted replays as accepted there, and refused by a correct one', async () => {
  const good = await evidenceOf(simulator.url, 'document example');
  expect(good.status).toBe(200);
  const goodCurl = filed({ status: 'failed', tags: ['@SM-DOC-EXAMPLE'], evidence: [good.evidence] }, targetOf(simulator.url), [SECRET]).reproduction.curl!;
  expect(goodCurl).not.toContain('# kept on purpose');
  expect((await runRecipe(goodCurl, simulator.url)).status).toBe(200);

  // The failure: a server that accepts a wrong secret. The old replay re-signed correctly and so could not tell.
  const accepted = await evidenceOf(faulty.url, 'wrong secret', { tweak: { secret: 'not-the-secret' } });
  expect(accepted.status).toBe(200);
  const curl = filed({ status: 'failed', tags: ['@SM-AUTH-SIGNATURE'], evidence: [accepted.evidence] }, targetOf(faulty.url), [SECRET]).reproduction.curl!;
  expect((await runRecipe(curl, faulty.url)).status).toBe(200);
  expect((await runRecipe(curl.replaceAll(faulty.url, simulator.url), simulator.url)).status).toBe(401);
});

test('the reproduction replays the exchange the check failed on, not the last one recorded', async () => {
  const passing = (n: number) => ({ ...exchangeEvidence(`sample ${n}`, fakeExchange(n), [SECRET]) });
  const failing = exchangeEvidence('failure: state XX', fakeExchange(99, 'XX'), [SECRET], { failing: true });
  // As the recorder attaches them: failures as they happen, then passing ones, up to 60 and beyond.
  const evidence = [passing(1), failing, ...Array.from({ length: 60 }, (_, i) => passing(i + 2))];
  const record = filed({ status: 'failed', tags: ['@SM-VAL-STATE'], errors: ['ContractCheckError: x'], evidence });
  expect(record.reproduction.replays).toBe('the exchange the check failed on ("failure: state XX")');
  expect(record.reproduction.curl).toContain('"state":"XX"');
  expect(record.evidence[0]!.label).toBe('failure: state XX');
});

test('neither the recipe nor the evidence holds a recipient value, for JSON and for bodies that are no JSON', async () => {
  const valid = JSON.stringify(body());
  const bodies = [valid, valid.slice(0, Math.floor(valid.length / 2)), valid.replace(/"/g, "'"), `${valid}${valid}`, JSON.stringify(JSON.parse(valid), null, 2)];
  for (const raw of bodies) {
    const recorded = await evidenceOf(simulator.url, 'robustness', { rawBody: Buffer.from(raw) });
    const record = filed({ status: 'failed', tags: ['@SM-ROBUST-NO-5XX'], evidence: [recorded.evidence] }, targetOf(simulator.url), [SECRET]);
    const text = JSON.stringify(record);
    for (const value of RECIPIENT) expect(text, `${value} in ${raw.slice(0, 40)}`).not.toContain(value);
    // Same shape, same bytes otherwise: the replay of a broken body is still that broken body.
    expect(record.evidence[0]!.request.replayBody!.length).toBe(raw.length);
  }
});

test('invalid UTF-8 replays byte for byte (base64), with the personal letters masked and the broken bytes kept', async () => {
  const valid = Buffer.from(JSON.stringify(body()));
  const broken = Buffer.concat([valid.subarray(0, valid.indexOf('Jack') + 2), Buffer.from([0xc3, 0x28]), valid.subarray(valid.indexOf('Jack') + 2)]);
  const recorded = await evidenceOf(simulator.url, 'invalid UTF-8', { rawBody: broken });
  const record = filed({ status: 'failed', tags: ['@SM-ROBUST-NO-5XX'], evidence: [recorded.evidence] }, targetOf(simulator.url), [SECRET]);
  const curl = record.reproduction.curl!;
  expect(curl).toContain("base64 -d > body.json <<'B64'");
  const bytes = Buffer.from(record.evidence[0]!.request.replayBodyBase64!, 'base64');
  expect(bytes.length).toBe(broken.length);
  expect(bytes.includes(Buffer.from([0xc3, 0x28]))).toBe(true);
  for (const value of RECIPIENT) expect(bytes.toString('latin1')).not.toContain(value);
  const replay = await runRecipe(curl, simulator.url);
  expect(replay.status).toBe(recorded.status);
});

function fakeExchange(n: number, state = 'GA') {
  const sent = body();
  sent['recipient_information'].state = state;
  return {
    request: { method: 'POST' as const, url: `${simulator.url}/api/v1/sessions/point-in-time/plugin`, headers: {}, body: JSON.stringify(sent), signing: { contentType: 'application/json' } },
    status: n === 99 ? 200 : 400,
    headers: {},
    rawBody: '{}',
    json: {},
    elapsedMs: 1,
    sentAt: new Date(),
  };
}
