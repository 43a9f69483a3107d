import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { curlCommand, envPrefix, requirementCommand, tagGrep, testCommand } from '../../src/report/reproduce.ts';

const ids = loadContract().requirements.map((r) => r.id);
const remote = {
  profile: 'nightly',
  seed: 20261123,
  target: { mode: 'remote', baseUrl: 'https://uat.example.com', username: 'acme', hostUri: 'https://app.acme.com', paypalEnabled: false, algorithm: 'hmac-sha512' },
};

test.describe('reproduction commands', () => {
  test('carry the seed, profile and target, and never a secret', () => {
    expect(envPrefix(remote)).toBe(
      'INGO_SEED=20261123 INGO_PROFILE=nightly INGO_TARGET=remote INGO_BASE_URL=https://uat.example.com INGO_HMAC_USERNAME=acme INGO_HOST_URI=https://app.acme.com INGO_PAYPAL_ENABLED=false',
    );
    expect(envPrefix(remote)).not.toMatch(/SECRET/);
    expect(testCommand(remote, 'tests/contract/host.spec.ts', 12, 'api')).toBe(`${envPrefix(remote)} npx playwright test tests/contract/host.spec.ts:12 --project api`);
  });

  test('a grep selects exactly one requirement, even when another id starts with it', () => {
    expect(ids).toContain('SM-VAL-STATE');
    expect(tagGrep('SM-DOC-EXAMPLE', ids)).toBe('@SM-DOC-EXAMPLE');
    expect(tagGrep('SM-VAL-STATE', [...ids, 'SM-VAL-STATE-DC'])).toBe('@SM-VAL-STATE( |$)');
    const grep = new RegExp(tagGrep('SM-VAL-STATE', [...ids, 'SM-VAL-STATE-DC']));
    expect(grep.test('state XX is refused @SM-VAL-STATE')).toBe(true);
    expect(grep.test('DC @SM-VAL-STATE-DC')).toBe(false);
    expect(requirementCommand({ ...remote, configFile: 'other.config.ts' }, 'SM-DOC-EXAMPLE', ['api'], ids)).toBe(`${envPrefix(remote)} npx playwright test -c other.config.ts --project api --grep "@SM-DOC-EXAMPLE"`);
  });

  test('curl replays the recorded request: same-shape body written byte for byte, signed by npm run sign with a fresh X-Date, no old signature', () => {
    const command = curlCommand(remote, {
      label: 'x',
      request: {
        method: 'POST',
        url: 'https://uat.example.com/api/v1/sessions/point-in-time/plugin',
        headers: { Authorization: 'hmac username="acme", algorithm="hmac-sha256", headers="…", signature="OLDSIG"', 'Content-Type': 'application/json' },
        body: { recipient_information: { last_name: 'F***[5]' } },
        idempotencyKey: "it's-a-key",
        replayBody: '{"recipient_information":{"last_name":"Xxxxx"}}',
        signing: { contentType: 'application/json' },
      },
      response: { status: 401, headers: {}, body: {} },
    });
    expect(command).toBe(
      [
        '# replays the request as it was sent; changed: X-Date is the current time (the recorded one has expired), so the signature is recomputed with your secret; recipient values are same-shape placeholders (letters → x, digits → 9)',
        '# the same Idempotency-Key: within 2 hours of the recorded request the server may answer it as a replay',
        `printf '%s' '{"recipient_information":{"last_name":"Xxxxx"}}' > body.json`,
        'npm run -s sign -- --body-file body.json --algorithm hmac-sha256 > headers.txt',
        `curl -sS -i -X POST https://uat.example.com/api/v1/sessions/point-in-time/plugin -H @headers.txt -H 'Idempotency-Key: it'\\''s-a-key' --data-binary @body.json`,
      ].join('\n'),
    );
    expect(command).not.toContain('OLDSIG');
  });

  test('a mock-mode replay points at a simulator the person starts', () => {
    const command = curlCommand({ target: { mode: 'mock', baseUrl: '(embedded)' } }, {
      label: 'x',
      request: { method: 'POST', url: 'http://127.0.0.1:39999/api/v1/sessions/point-in-time/plugin', headers: {}, body: {} },
      response: { status: 200, headers: {}, body: {} },
    });
    expect(command.split('\n')[0]).toBe('# start a simulator first: npm run mock -- --port 4010');
    expect(command).toContain('http://127.0.0.1:4010/api/v1/sessions/point-in-time/plugin');
  });
});
