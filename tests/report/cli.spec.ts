// npm run conformance and npm run sign as a person runs them: exit codes, the printed seed and
// summary, and headers that a server accepts, without the secret ever on screen.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { sign } from '../../src/client/signer.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';
import { startSimulator } from '../../src/mock/index.ts';
import { secretForms } from '../../src/report/secret-forms.ts';
import { FIXTURE_CONFIG, tempDir, tsx } from './support/spawn.ts';

const CONFORMANCE = 'src/cli/conformance.ts';
const SIGN = 'src/cli/sign.ts';
const SECRET = 'cli-canary-secret-3f9a7c';

function conformance(args: string[], env: Record<string, string> = {}) {
  const dir = tempDir('cli');
  return tsx(CONFORMANCE, args, { INGO_TARGET: 'mock', INGO_HMAC_SECRET: SECRET, INGO_REPORTS_DIR: join(dir, 'reports'), INGO_FIXTURE_OUTPUT: join(dir, 'results'), ...env });
}

test.describe('npm run conformance', () => {
  test.describe.configure({ timeout: 90_000 });

  test('a bad configuration is one line and exit 2', async () => {
    const badProfile = await conformance(['--profile', 'weekly']);
    expect(badProfile.code).toBe(2);
    expect(badProfile.stderr.trim()).toBe('configuration error: --profile must be one of default, onboarding, nightly, certification (got "weekly")');
    // A retired setting with another value than the document's is refused, not silently ignored.
    const ttl = await conformance([], { INGO_URL_TTL_SECONDS: '60' });
    expect(ttl.code).toBe(2);
    expect(ttl.stderr.trim()).toBe(`configuration error: INGO_URL_TTL_SECONDS: is no longer a setting: the harness checks the document's authorized URL lifetime (30 s); remove it (got "60")`);
    const noUrl = await conformance([], { INGO_TARGET: 'remote' });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^configuration error: INGO_BASE_URL: is required when INGO_TARGET=remote/)]);
  });

  test('all passed: exit 0, the seed printed first, a one-screen summary last', async () => {
    const run = await conformance(['-c', FIXTURE_CONFIG, '--grep', '@SM-DOC-EXAMPLE'], { INGO_SEED: '777' });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('IngoPay conformance · profile default · seed 777 (from INGO_SEED)');
    expect(run.stdout).toContain('Running 1 check (api 1) with 1 worker · profile default · seed 777 · target mock');
    expect(run.stdout).toContain('NO FAILURES, INCOMPLETE: 2 of 53 rules passed; 51 were not checked.');
    expect(lines.at(-1)).toBe('exit 0: no failures');
    const summary = run.stdout.slice(run.stdout.lastIndexOf('────'));
    expect(summary.split('\n').length).toBeLessThan(30);
  });

  test('conformance failures exit 1 and name the rule with its re-run command', async () => {
    const run = await conformance(['-c', FIXTURE_CONFIG, '--grep', '@SM-VAL-STATE'], { INGO_SEED: '778' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`re-run: INGO_SEED=778 npx playwright test -c ${FIXTURE_CONFIG} --project api --grep "@SM-VAL-STATE"`);
    expect(run.stdout).toContain('exit 1: conformance failures');
  });

  test('a harness error exits 4 with its own wording, never 1: a check with a TypeError, a suite that does not load', async () => {
    const typeError = await conformance(['-c', FIXTURE_CONFIG, '--grep', '@SM-IDEM-REPLAY'], { INGO_SEED: '781', INGO_SAMPLE_TYPE_ERROR: '1' });
    expect(typeError.code, typeError.stdout + typeError.stderr).toBe(4);
    expect(typeError.stdout).toContain('HARNESS ERROR: no rule failed, but 1 check hit a bug in the harness itself');
    expect(typeError.stdout).toContain('Harness errors (1): the harness itself broke; not a verdict on the server.');
    expect(typeError.stdout.trim().split('\n').at(-1)).toBe('exit 4: harness error (a check or test of the harness itself broke; not a verdict on the server)');
    const noLoad = await conformance(['-c', FIXTURE_CONFIG, '--grep', '@SM-DOC-EXAMPLE'], { INGO_SEED: '782', INGO_SAMPLE_LOAD_ERROR: '1' });
    expect(noLoad.code, noLoad.stdout + noLoad.stderr).toBe(4);
    expect(noLoad.stdout).toContain('Harness error outside any check (not a verdict on the server): TypeError: a bug in the harness: this spec cannot load');
  });

  test('infrastructure errors alone exit 3', async () => {
    const run = await conformance(['-c', FIXTURE_CONFIG, '--grep', '@SM-AUTH-REQUIRED'], { INGO_SEED: '779' });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Infrastructure errors (not a verdict on the server: check the target is up and reachable) (1):');
  });

  test('nightly takes its seed from the date; nothing selected means no report and exit 1; the secret never shows', async () => {
    const run = await conformance(['--profile', 'nightly', '-c', FIXTURE_CONFIG, '--grep', '@NO-SUCH-TAG']);
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(run.stdout.split('\n')[0]).toBe(`IngoPay conformance · profile nightly · seed ${today} (from the date (${new Date().toISOString().slice(0, 10)}, UTC): a new seed every night)`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No conformance report was written');
    for (const form of secretForms(SECRET)) expect(run.stdout + run.stderr).not.toContain(form);
  });
});

test.describe('npm run sign', () => {
  test('prints headers that a server accepts for that exact body, and never the secret', async () => {
    const simulator = await startSimulator({ participants: [{ username: 'acme', secret: SECRET, participant_id: '1', paypal_enabled: false, host_uris: ['https://app.acme.test'] }] });
    try {
      const dir = tempDir('sign');
      const bodyFile = join(dir, 'body.json');
      const body = loadContract().exampleRequest();
      delete body['host_uri'];
      writeFileSync(bodyFile, `${JSON.stringify(body, null, 2)}\n`);
      const run = await tsx(SIGN, ['--body-file', bodyFile], { INGO_TARGET: 'mock', INGO_HMAC_USERNAME: 'acme', INGO_HMAC_SECRET: SECRET });
      expect(run.code, run.stderr).toBe(0);
      for (const form of secretForms(SECRET)) expect(run.stdout + run.stderr).not.toContain(form);
      const headers = Object.fromEntries(run.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
      expect(Object.keys(headers)).toEqual(['X-Date', 'Content-Type', 'Content-sha512', 'Content-Length', 'Authorization']);
      const response = await fetch(simulator.url + SESSION_PATH, { method: 'POST', headers, body: readFileSync(bodyFile) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { status: number }).status).toBe(100);
    } finally {
      await simulator.close();
    }
  });

  test('--date signs with the given date, --format curl prints -H arguments, exactly as the signer computes', async () => {
    const dir = tempDir('sign');
    const bodyFile = join(dir, 'body.json');
    writeFileSync(bodyFile, '{"a":1}');
    const date = 'Tue, 01 Dec 2026 10:00:00 GMT';
    const run = await tsx(SIGN, ['--body-file', bodyFile, '--date', date, '--format', 'curl'], { INGO_TARGET: 'mock', INGO_HMAC_USERNAME: 'acme', INGO_HMAC_SECRET: SECRET });
    const expected = sign(loadContract().hmac, { username: 'acme', secret: SECRET, algorithm: 'hmac-sha512' }, { method: 'POST', path: SESSION_PATH, body: Buffer.from('{"a":1}'), contentType: 'application/json', date: new Date(date) });
    expect(run.stdout.trim()).toBe(Object.entries(expected.headers).map(([k, v]) => `-H '${k}: ${v}'`).join(' '));
  });

  test('--help tells how to replay with curl; a missing body file is exit 2', async () => {
    const help = await tsx(SIGN, ['--help'], {});
    expect(help.stdout).toContain('curl -sS -i -X POST "$INGO_BASE_URL/api/v1/sessions/point-in-time/plugin" -H @headers.txt --data-binary @body.json');
    const missing = await tsx(SIGN, [], { INGO_TARGET: 'mock' });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('sign: --body-file is required (--help for usage)');
  });
});
