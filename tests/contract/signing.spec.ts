// Request signing (contract-notes.md, "Request signing"): every documented way to get it wrong is
// refused with 401, the legacy algorithm is accepted, and no 401 reveals the secret or the signature
// the server expected (the always-on noSecretsIn401 check runs on every one of them; a stack trace is
// a warning). The 401 body's shape is not documented and never judged (OBS-401-BODY).
import { randomUUID } from 'node:crypto';
import type { SigningTweak } from '../../src/client/signer.ts';
import { expectCreated, expectUnauthorized, noSecretsIn401, serverClockOffset } from '../../src/checks/index.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import { expect, test } from '../../src/harness/fixtures.ts';

test.describe('signing and authentication', () => {
  test('a request without Authorization → 401', { tag: ['@SM-AUTH-REQUIRED', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    await api.send('no Authorization header', validSessionBody(contract, { participant: participant }), {
      tweak: { omitHeaders: ['authorization'] },
      expect: expectUnauthorized(['SM-AUTH-REQUIRED']),
    });
  });

  test('an unknown username → 401', { tag: ['@SM-AUTH-UNKNOWN-USER', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    await api.send('unknown username', validSessionBody(contract, { participant: participant }), {
      tweak: { username: `harness-unknown-${randomUUID()}` },
      expect: expectUnauthorized(['SM-AUTH-UNKNOWN-USER']),
    });
  });

  test('a wrong secret → 401', { tag: ['@SM-AUTH-SIGNATURE', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    await api.send('signed with a wrong secret', validSessionBody(contract, { participant: participant }), {
      tweak: { secret: `wrong-${randomUUID()}` },
      expect: expectUnauthorized(['SM-AUTH-SIGNATURE']),
    });
  });

  test('the body changed after signing → 401', { tag: ['@SM-AUTH-SIGNATURE', '@SM-AUTH-DIGEST', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    const signed = validSessionBody(contract, { participant: participant });
    const sent = { ...signed, recipient_information: { ...signed.recipient_information, first_name: 'Mallory' } };
    await api.send('body changed after signing (re-serialised with another first name)', signed, {
      bodyAfterSigning: Buffer.from(JSON.stringify(sent), 'utf8'),
      expect: expectUnauthorized(['SM-AUTH-SIGNATURE', 'SM-AUTH-DIGEST']),
    });
    // The same bytes, only re-serialised with other spacing: what is signed must be what is sent.
    await api.send('body re-serialised with indentation after signing', signed, {
      bodyAfterSigning: Buffer.from(JSON.stringify(signed, null, 2), 'utf8'),
      expect: expectUnauthorized(['SM-AUTH-SIGNATURE', 'SM-AUTH-DIGEST']),
    });
  });

  test('a hex Content-sha512 instead of base64 of the raw digest → 401', { tag: ['@SM-AUTH-DIGEST', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    await api.send('hex body digest', validSessionBody(contract, { participant: participant }), {
      tweak: { digestEncoding: 'hex' },
      expect: expectUnauthorized(['SM-AUTH-DIGEST']),
    });
  });

  test('a signature hex-encoded before base64 → 401', { tag: ['@SM-AUTH-SIGNATURE', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    await api.send('signature hex then base64', validSessionBody(contract, { participant: participant }), {
      tweak: { signatureEncoding: 'hex-then-base64' },
      expect: expectUnauthorized(['SM-AUTH-SIGNATURE']),
    });
  });

  test('a signature computed with another algorithm than the one named → 401', { tag: ['@SM-AUTH-SIGNATURE', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
    const other = (Object.keys(contract.hmac.algorithms) as Array<keyof typeof contract.hmac.algorithms>).find((a) => a !== api.raw.credentials.algorithm)!;
    await api.send(`signature computed with ${other}, header naming ${api.raw.credentials.algorithm}`, validSessionBody(contract, { participant: participant }), {
      tweak: { computeWith: other },
      expect: expectUnauthorized(['SM-AUTH-SIGNATURE']),
    });
  });

  test.describe('a headers list missing one of the required names → 401', () => {
    for (const name of ['request-line', 'x-date', 'content-type', 'content-sha512', 'content-length']) {
      test(`headers list without ${name} → 401`, { tag: ['@SM-AUTH-HEADERS', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }) => {
        expect(contract.hmac.signedHeaders, 'the contract lists this name among the signed headers').toContain(name);
        const signedHeaders = contract.hmac.signedHeaders.filter((h) => h !== name);
        await api.send(`signed without ${name} (headers="${signedHeaders.join(' ')}")`, validSessionBody(contract, { participant: participant }), {
          tweak: { signedHeaders },
          expect: expectUnauthorized(['SM-AUTH-HEADERS'], `401 for a headers list without ${name}`),
        });
      });
    }
  });

  test('hmac-sha256 (legacy) is accepted', { tag: ['@SM-AUTH-SHA256-LEGACY'] }, async ({ api, contract, participant }) => {
    const legacy = api.around(api.raw.withCredentials({ ...api.raw.credentials, algorithm: 'hmac-sha256' }));
    await legacy.send('signed with hmac-sha256', validSessionBody(contract, { participant: participant }), { expect: expectCreated(['SM-AUTH-SHA256-LEGACY']) });
  });

  test('401 answers reveal no secret and no expected signature', { tag: ['@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant, secrets }) => {
    const tweaks: Array<[string, SigningTweak]> = [
      ['wrong secret', { secret: `wrong-${randomUUID()}` }],
      ['unknown username', { username: `unknown-${randomUUID()}` }],
      ['no Authorization', { omitHeaders: ['authorization'] }],
      ['hex digest', { digestEncoding: 'hex' }],
      ['X-Date an hour old', { skewSeconds: -3600 }],
      ['malformed Authorization', { overrideHeaders: { Authorization: 'hmac username="x", signature=' } }],
    ];
    for (const [label, tweak] of tweaks) {
      const answer = await api.send(`401 probe: ${label}`, validSessionBody(contract, { participant: participant }), { tweak, expect: expectUnauthorized(['SM-AUTH-NO-LEAK']) });
      // Explicitly, on top of the always-on run: nothing leaked (a stack trace is only a warning).
      const failures = noSecretsIn401.run(answer, { contract, secrets, credentials: api.raw.credentials }).filter((f) => f.kind === 'fail');
      expect(failures, `${label}: ${JSON.stringify(failures)}`).toEqual([]);
    }
  });

  test.describe('X-Date clock skew (against the server clock: its Date header, else its expiry)', () => {
    const window = 300;

    test('X-Date beyond +300 s and beyond −300 s → 401; ±200 s accepted', { tag: ['@SM-AUTH-SKEW', '@SM-AUTH-NO-LEAK'] }, async ({ api, contract, participant }, testInfo) => {
      expect(contract.hmac.clockSkewSeconds).toBe(window);
      const probe = await api.send('clock probe', validSessionBody(contract, { participant: participant }), { expect: expectCreated(['SM-AUTH-SKEW']) });
      // The server's clock from its Date header, or, without one (not documented), from the probe's
      // expiry, which the document puts 30 s after issue by the server's clock.
      const offset = serverClockOffset(probe, contract.urlTtlSeconds);
      const uncertainty = offset.via === 'none' ? 0 : offset.uncertaintySeconds;
      // X-Date is sent to the second (floor), and a request ahead of the clock gets closer to it while
      // it travels (on a loaded machine, a while): seconds of margin on that side.
      const ahead = uncertainty + 3;
      const behind = uncertainty + 1;
      const plan: Array<{ label: string; skew: number; refused: boolean }> = [
        { label: `+${window + 1} s (+${ahead.toFixed(2)} s margin for measurement and travel)`, skew: offset.offsetSeconds + window + 1 + ahead, refused: true },
        { label: `−${window + 1} s (−${behind.toFixed(2)} s margin for measurement)`, skew: offset.offsetSeconds - window - 1 - behind, refused: true },
        { label: '+200 s', skew: offset.offsetSeconds + 200, refused: false },
        { label: '−200 s', skew: offset.offsetSeconds - 200, refused: false },
      ];
      testInfo.annotations.push({
        type: 'clock',
        description: `server clock offset ${offset.offsetSeconds.toFixed(3)} s ± ${offset.uncertaintySeconds.toFixed(3)} s (from the ${offset.via === 'date-header' ? 'Date header' : offset.via === 'expiry' ? 'expiry of the probe session (no Date header)' : 'harness clock: no Date header, no expiry'}); skews are relative to the server's clock`,
      });
      if (offset.via === 'none') testInfo.annotations.push({ type: 'warning', description: 'no Date header and no readable expiry: skews are relative to the harness clock' });
      for (const step of plan) {
        await api.send(`X-Date ${step.label} of the server clock`, validSessionBody(contract, { participant: participant }), {
          tweak: { skewSeconds: step.skew },
          expect: step.refused ? expectUnauthorized(['SM-AUTH-SKEW'], `401 for X-Date ${step.label}`) : expectCreated(['SM-AUTH-SKEW'], `a session for X-Date ${step.label}`),
        });
      }
    });
  });
});
