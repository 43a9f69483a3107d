// npm run mock -- --explain: every refused request is explained in the X-Simulator-Explain header and
// the log, in the integrator's words, with the signing strings of a signing refusal; never the secret,
// never recipient data. Without --explain the answers carry no such header.
import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { DEMO_PRIMARY } from '../../src/config/demo-participants.ts';
import { EXPLAIN_HEADER, startSimulator } from '../../src/mock/index.ts';
import { clientFor, exampleBody, withExplainingSimulator } from './support.ts';

const header = (r: { headers: Readonly<Record<string, string>> }) => r.headers[EXPLAIN_HEADER.toLowerCase()];
const RECIPIENT = ['Frost', '123 Main St', 'Atlanta', '1231231234', 'jack.frost@example.com'];

test('each signing mistake is named, with the two signing strings in the log', async () => {
  await withExplainingSimulator({}, async ({ client, log }) => {
    const cases = [
      [{ digestEncoding: 'hex' as const }, 'authenticate/digest: hex-digest:'],
      [{ signatureEncoding: 'hex-then-base64' as const }, 'authenticate/signature: hex-signature:'],
      [{ computeWith: 'hmac-sha256' as const }, 'authenticate/signature: computed-with-other-algorithm:'],
      // X-Date has whole seconds, and the request takes a moment: 412 s, or 413 when it arrives late in a second.
      [{ skewSeconds: -412 }, /authenticate\/x-date: x-date-skew: X-Date is 41[23] s behind the server's clock \(allowed \+-300 s\)/],
      [{ username: 'nobody', secret: 'nobody-has-this' }, 'authenticate/username: unknown-username:'],
      [{ secret: `${DEMO_PRIMARY.secret}\n` }, 'authenticate/signature: secret-whitespace:'],
    ] as const;
    for (const [tweak, expected] of cases) {
      const r = await client.createSession(exampleBody(), { tweak });
      expect(r.status).toBe(401);
      if (typeof expected === 'string') expect(header(r)).toContain(expected);
      else expect(header(r)).toMatch(expected);
      expect(header(r)).toMatch(/^[\x20-\x7e]+$/);
      expect(header(r)).toContain('Fix: ');
    }
    // The body re-serialised after it was hashed and signed.
    const body = exampleBody();
    const r = await client.createSession(body, { rawBody: Buffer.from(JSON.stringify(body)), bodyAfterSigning: Buffer.from(JSON.stringify(body, null, 2)) });
    expect(header(r)).toContain('authenticate/digest: re-serialised-body: Content-sha512 is the digest of the body serialised compactly');
    const text = log.join('\n');
    expect(text).toContain('[explain] 401 POST /api/v1/sessions/point-in-time/plugin (demo-paypal): authenticate/digest: hex-digest');
    expect(text).toContain('  signing string the simulator built (the documented headers, with the values this body needs):');
    expect(text).toContain('  signing string your request implies (its headers="…" list, its values as sent):');
    expect(text).toContain('  they differ in: content-sha512');
    for (const secret of [DEMO_PRIMARY.secret]) expect(text).not.toContain(secret);
    for (const value of RECIPIENT) expect(text).not.toContain(value);
  });
});

test('field, white-list and idempotency refusals: the rule, the field names (never their values), what to do', async () => {
  await withExplainingSimulator({}, async ({ client, log }) => {
    const bad = exampleBody();
    bad['recipient_information'].state = 'XX';
    delete bad['recipient_information'].email_address;
    const fields = await client.createSession(bad);
    expect(header(fields)).toContain('validate-fields/fields: 13400, 2 field errors: recipient_information.state (enum)');
    expect(header(fields)).toContain('recipient_information.email_address (conditional)');

    const stranger = exampleBody();
    stranger['host_uri'] = 'https://staging.acme.test';
    const host = await client.createSession(stranger);
    expect(host.status).toBe(401);
    expect(header(host)).toContain('white-list/white-list: host_uri "https://staging.acme.test" is not white-listed');
    expect(header(host)).toContain('white-listed for demo-paypal: https://digitalpay.ingo.money, https://wallet.demo-paypal.test');

    const body = exampleBody();
    expect((await client.createSession(body, { idempotencyKey: 'key-explain-1' })).status).toBe(200);
    body['recipient_information'].address_line2 = 'Apt 4';
    const mismatch = await client.createSession(body, { idempotencyKey: 'key-explain-1' });
    expect(header(mismatch)).toContain('idempotency/mismatch: 13723: Idempotency-Key "key-explain-1" first created a session with another body; fields that differ: recipient_information.address_line2.');
    expect(log.join('\n')).not.toContain('Apt 4');

    const notJson = await client.createSession(undefined, { rawBody: Buffer.from('{"first_name": "Jack Frost",') });
    expect(header(notJson)).toContain('parse-json/fields: 13400');
    expect(header(notJson)).not.toContain('Frost');
  });
});

test('accepted requests carry no explanation; without --explain no answer does, and the rest of the answer is the same', async () => {
  const plain = await startSimulator({});
  try {
    await withExplainingSimulator({}, async ({ client, log }) => {
      const ok = await client.createSession(exampleBody());
      expect(ok.status).toBe(200);
      expect(header(ok)).toBeUndefined();
      expect(log).toEqual([]);
      for (const tweak of [{ digestEncoding: 'hex' as const }, { skewSeconds: 900 }]) {
        const explained = await client.createSession(exampleBody(), { tweak });
        const quiet = await clientFor(plain.url).createSession(exampleBody(), { tweak });
        expect(header(quiet)).toBeUndefined();
        expect(quiet.status).toBe(explained.status);
        expect(quiet.rawBody).toBe(explained.rawBody);
        const { [EXPLAIN_HEADER.toLowerCase()]: _explained, date: _d1, ...rest } = explained.headers;
        const { date: _d2, ...restQuiet } = quiet.headers;
        expect(restQuiet).toEqual(rest);
      }
    });
  } finally {
    await plain.close();
  }
});

test('npm run mock -- --explain writes the explanation to the log, and announces itself', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/mock/cli.ts', '--port', '0', '--explain'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await expect.poll(() => /listening on (http:\S+)/.exec(stdout)?.[1], { timeout: 20_000 }).toBeTruthy();
    const url = /listening on (http:\S+)/.exec(stdout)![1]!;
    expect(stdout).toContain('explain: every refused request is explained here');
    const r = await clientFor(url).createSession(exampleBody(), { tweak: { digestEncoding: 'hex' } });
    expect(header(r)).toContain('hex-digest');
    await expect.poll(() => stdout, { timeout: 5_000 }).toContain('[explain] 401 POST /api/v1/sessions/point-in-time/plugin (demo-paypal): authenticate/digest: hex-digest');
    expect(stdout).not.toContain(DEMO_PRIMARY.secret);
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});
