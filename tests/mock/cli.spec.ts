// The stand-alone CLI: prints its URL, serves, stops cleanly on SIGTERM/SIGINT; bad flags exit 2
// with one line on stderr. Spawned as node with tsx's loader, so signals reach the simulator itself:
// the tsx binary relays them to its child and, when the child has not acknowledged within 30 ms (a
// busy machine), kills it and exits 130.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SessionClient } from '../../src/client/session-client.ts';
import { CHOICES, FAULT_MODES, PERSONALITIES } from '../../src/mock/index.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { contract, transport } from './support.ts';


function run(args: string[]): { child: ChildProcess; url: Promise<string>; exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/mock/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /^IngoPay simulator listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exit.then(({ code }) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  url.catch(() => undefined);
  return { child, url, exit };
}

test('starts on a free port, serves signed requests, exits 0 on SIGTERM even with its stdout closed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-sim-'));
  const file = join(dir, 'participants.json');
  const me = { username: 'my-user', secret: 'my-secret', participant_id: '42', paypal_enabled: false, host_uris: ['https://me.example'] };
  writeFileSync(file, JSON.stringify([me]));
  const { child, url, exit } = run(['--port', '0', '--participants', file, '--virtual-clock']);
  const base = await url;
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const client = new SessionClient({ baseUrl: base, credentials: { username: me.username, secret: me.secret, algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport });
  const body = validSessionBody(contract);
  delete body['host_uri'];
  const r = await client.createSession(body);
  expect(r.status, r.rawBody).toBe(200);
  expect((await fetch(`${base}/__admin/clock`)).status).toBe(200);
  // Nobody reads its output any more (a closed pipe): stopping must still be clean.
  child.stdout!.destroy();
  child.kill('SIGTERM');
  const done = await exit;
  expect(done.code).toBe(0);
  expect(done.stderr).toBe('');
});

test('SIGINT stops it too; without --virtual-clock there is no admin endpoint; faults are announced', async () => {
  const { child, url, exit } = run(['--port', '0', '--fault', 'skip-signature', '--fault', 'frame-anywhere']);
  const base = await url;
  expect((await fetch(`${base}/__admin/clock`)).status).toBe(404);
  child.kill('SIGINT');
  const done = await exit;
  expect(done.code).toBe(0);
  expect(done.stdout).toContain('FAULTS ACTIVE');
  expect(done.stdout).toContain('skip-signature, frame-anywhere');
});

test('bad flags, unknown faults and unreadable participants files: one line on stderr, exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-sim-'));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '[{"username": "x"}]');
  const cases: Array<[string[], RegExp]> = [
    [['--port', 'abc'], /--port must be an integer/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--fault', 'no-such-fault'], new RegExp(`unknown --fault no-such-fault; valid names: .*${FAULT_MODES[0]!.name}.*skip-signature`)],
    [['--participants', join(dir, 'missing.json')], /--participants: cannot read .*ENOENT/],
    [['--participants', broken], /--participants: .*secret/],
    [['--error-rate', '1.5'], /--error-rate must be a share between 0 and 1/],
    [['--personality', 'grumpy'], /unknown personality grumpy; valid names: default, strict-gateway/],
    [['--choice', 'no-such=1'], /unknown choice no-such; valid choices: /],
    [['--choice', 'keep-alive=sometimes'], /choice keep-alive: unknown value "sometimes"; valid values: on, off, short/],
    [['--choice', 'keep-alive'], /--choice expects name=value/],
    [['--personality', 'legacy-200', '--choice', 'check-order=authenticate,parse-json'], /choice check-order: unknown value .*name each of/],
    [['--seed', '1.5'], /--seed must be an integer/],
  ];
  await Promise.all(
    cases.map(async ([args, pattern]) => {
      const done = await run(args).exit;
      expect(done.code, args.join(' ')).toBe(2);
      const lines = done.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0], args.join(' ')).toMatch(pattern);
    }),
  );
});

test('--personality and --choice: announced, with the plug-in origin when it is another one', async () => {
  const { child, url, exit } = run(['--port', '0', '--personality', 'slow-cloud', '--choice', 'latency=none', '--virtual-clock']);
  const base = await url;
  const client = new SessionClient({ baseUrl: base, credentials: { username: 'demo-paypal', secret: 'demo-paypal-secret-not-for-production', algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport });
  const r = await client.createSession({ ...validSessionBody(contract), participant_unique_id1: undefined });
  // slow-cloud names a broken field by its bare name.
  expect(r.json).toMatchObject({ status: 13400, data: { participant_unique_id1: [expect.any(String)] } });
  expect((await fetch(`${base}/__admin/clock`)).status).toBe(200);
  child.kill('SIGTERM');
  const done = await exit;
  expect(done.code).toBe(0);
  expect(done.stdout).toMatch(/^  plug-in pages on http:\/\/localhost:\d+$/m);
  expect(done.stdout).toContain('personality: slow-cloud with latency=none');
});

test('--list-personalities prints each personality with its choices and harness settings; --list-choices the registry', async () => {
  const listed = await run(['--list-personalities']).exit;
  expect(listed.code).toBe(0);
  for (const p of PERSONALITIES) {
    expect(listed.stdout).toContain(`${p.name}\t${p.description}`);
    for (const [name, value] of Object.entries(p.choices)) expect(listed.stdout).toContain(`  ${name}=${value}`);
    for (const [name, value] of Object.entries(p.harnessEnv)) expect(listed.stdout).toContain(`  harness: ${name}=${value}`);
  }
  const choices = await run(['--list-choices']).exit;
  expect(choices.code).toBe(0);
  for (const c of CHOICES) expect(choices.stdout).toContain(`${c.name}\t${c.description}`);
  expect(choices.stdout).toContain('  on (default)');
});
