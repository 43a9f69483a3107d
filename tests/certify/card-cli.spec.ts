// npm run certify-client end to end: the bundled correct client certified with one command (a clean
// card, the reports written, the scan clean), a broken one failing its item in every output, bad input
// as one line with exit 2, a dead upstream as infrastructure (exit 3), and a run nobody pointed
// anything at as incomplete.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ClientCard } from '../../src/certify/card.ts';
import { DEMO_PRIMARY } from '../../src/config/demo-participants.ts';
import { TEST_URL_LIFETIME_SECONDS } from './run-reference.ts';

const REFERENCE = 'node --import tsx clients/reference/client.ts';

function certify(args: string[], options: { input?: string } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/certify/cli.ts', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  if (options.input !== undefined) child.stdin!.end(options.input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const card = (dir: string) => JSON.parse(readFileSync(join(dir, 'client-card.json'), 'utf8')) as ClientCard;

test('the bundled correct client, certified in one command: a clean card, every report written, nothing leaked', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-card-'));
  const run = await certify(['--run', REFERENCE, '--url-lifetime-seconds', String(TEST_URL_LIFETIME_SECONDS), '--reports-dir', dir]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toContain('point your backend at  INGO_BASE_URL=http://127.0.0.1:');
  expect(run.stdout).toContain('│ checkout (correct): loaded');
  expect(run.stdout).toMatch(/✔ {2}1 Signing correct over the exact bytes: passed/);
  expect(run.stdout).toContain('CLEAN: your client passed all 10 items');
  expect(run.stdout).toContain('Artifact scan: no secret and no recipient value in 4 files.');
  expect(run.stdout).not.toContain(DEMO_PRIMARY.secret);
  for (const name of ['client-card.json', 'client-card.html', 'client-card.junit.xml', 'client-card-exchanges.jsonl']) expect(existsSync(join(dir, name)), name).toBe(true);
  const json = card(dir);
  expect(json.verdict.code).toBe('clean');
  expect(json.items.map((i) => i.status)).toEqual(Array(10).fill('passed'));
  const junit = readFileSync(join(dir, 'client-card.junit.xml'), 'utf8');
  expect(junit).toContain('tests="10" failures="0" errors="0" skipped="0"');
  expect(readFileSync(join(dir, 'client-card.html'), 'utf8')).toContain('CLEAN: your client passed all 10 items');
});

test('a broken client fails its item in the terminal, the JSON, the HTML and the JUnit file (exit 1)', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-card-'));
  const run = await certify(['--run', `${REFERENCE} --mistake hex-digest`, '--url-lifetime-seconds', String(TEST_URL_LIFETIME_SECONDS), '--reports-dir', dir, '--quiet']);
  expect(run.code, run.stdout + run.stderr).toBe(1);
  expect(run.stdout).toMatch(/✘ {2}1 Signing correct over the exact bytes: failed — 1 of 1 create-session request not signed correctly: hex-digest/);
  expect(run.stdout).toContain('fix: send base64 of the raw 64-byte SHA-512 digest');
  expect(run.stdout).toContain('your flow: node --import tsx clients/reference/client.ts --mistake hex-digest (exit 1)');
  expect(run.stdout).not.toContain('  · #1'); // --quiet: no proxy lines
  const json = card(dir);
  expect(json.items.filter((i) => i.status === 'failed').map((i) => i.id)).toEqual(['signing']);
  expect(json.exchanges[0]!.signing).toMatchObject({ ok: false, mistake: 'hex-digest' });
  const junit = readFileSync(join(dir, 'client-card.junit.xml'), 'utf8');
  expect(junit).toContain('failures="1"');
  expect(junit).toMatch(/<failure message="1 of 1 create-session request not signed correctly: hex-digest[^"]*" type="signing">/);
  expect(readFileSync(join(dir, 'client-card.html'), 'utf8')).toContain('signing string your request implies');
});

test('bad flags and configuration: one line, exit 2, nothing started', async () => {
  test.setTimeout(300_000); // eight commands, each a Node start-up: minutes on a busy machine
  for (const [args, message] of [
    [['--bogus'], "certify-client: Unknown option '--bogus'"],
    [['--via-proxy'], 'certify-client: --via-proxy needs --upstream <url>'],
    [['--upstream', 'http://127.0.0.1:4010'], 'certify-client: --upstream goes with --via-proxy'],
    [['--via-proxy', '--upstream', 'not a url'], 'certify-client: --upstream must be a URL'],
    [['--url-lifetime-seconds', '45'], 'certify-client: --url-lifetime-seconds must be an integer between 1 and 30'],
    [['--via-proxy', '--upstream', 'http://127.0.0.1:4010', '--url-lifetime-seconds', '5'], 'certify-client: --url-lifetime-seconds shortens the simulator’s URL lifetime'],
    [['--run', ' '], 'certify-client: --run needs the command that runs your flow'],
    [['--participants', '/nonexistent.json'], 'certify-client: --participants: cannot read /nonexistent.json: ENOENT'],
  ] as const) {
    const run = await certify([...args]);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
    expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  }
});

test('through the proxy to a dead upstream: the requests are answered 502 and the card says infrastructure (exit 3)', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-card-'));
  const run = await certify(['--via-proxy', '--upstream', 'http://127.0.0.1:9', '--run', REFERENCE, '--reports-dir', dir, '--timeout', '60']);
  expect(run.code, run.stdout + run.stderr).toBe(3);
  expect(run.stdout).toContain('→ 502');
  expect(run.stdout).toContain('INCONCLUSIVE: the upstream could not be reached');
  const json = card(dir);
  expect(json.items.filter((i) => i.status === 'failed')).toEqual([]);
  expect(json.items.find((i) => i.id === 'retry')!.status).toBe('infrastructure-error');
  // The signature and the request's fields are the client's own: judged whatever the upstream did.
  expect(json.items.find((i) => i.id === 'signing')!.status).toBe('passed');
  expect(json.exchanges.every((e) => e.class === 'infrastructure')).toBe(true);
});

test('run by hand: nothing reached the proxy before Enter, so the card is incomplete (exit 1) and says where to point the backend', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-card-'));
  const run = await certify(['--reports-dir', dir], { input: '\n' });
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toContain('run your flow now, then press Enter');
  expect(run.stdout).toMatch(/INCOMPLETE: no request reached the proxy; point your backend's base URL at http:\/\/127\.0\.0\.1:\d+/);
  expect(card(dir).items.every((i) => i.status === 'not-checked')).toBe(true);
});
