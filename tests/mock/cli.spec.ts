// The stand-alone CLI: prints its URL, serves, stops cleanly on SIGTERM/SIGINT; bad flags exit 2
// with one line on stderr. Spawned through tsx itself (npx would not pass SIGTERM on to it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SessionClient } from '../../src/client/session-client.ts';
import { FAULT_MODES } from '../../src/mock/index.ts';
import { contract, transport, validBody } from './support.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function run(args: string[]): { child: ChildProcess; url: Promise<string>; exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(TSX, ['src/mock/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const body = validBody();
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
