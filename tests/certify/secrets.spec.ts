// The secret is never printed, logged or written, and recipient data is masked: a certification with
// a canary participant — the correct reference client, plus requests signed in every wrong way that
// makes the verifier work with the secret (a whitespace secret, a wrong one, hex signatures, another
// participant's name) — leaves a card, the proxy's records and the logs in which the artifact scan
// finds neither the secret in any form nor any recipient value. The same scan finds them when planted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runCheckout } from '../../clients/reference/flow.ts';
import { gradeCard } from '../../src/certify/card.ts';
import { renderCardTerminal } from '../../src/certify/render/terminal.ts';
import { startCertification } from '../../src/certify/session.ts';
import { contractWithUrlLifetime } from '../../src/certify/url-lifetime.ts';
import { CARD_FILES, scanCardArtifacts, writeCard } from '../../src/certify/write-card.ts';
import type { Participant } from '../../src/config/demo-participants.ts';
import { needleFor, scanArtifacts } from '../../src/report/scan/scan-artifacts.ts';
import { clientFor, exampleBody } from './support.ts';
import { TEST_URL_LIFETIME_SECONDS } from './run-reference.ts';

const CANARY: Participant = { username: 'canary-merchant', secret: 'canary-secret-3f9a1b7c2e51d0', participant_id: '900001', paypal_enabled: true, host_uris: ['https://shop.canary.test'] };
const OTHER: Participant = { username: 'canary-other', secret: 'other-canary-secret-77aa01', participant_id: '900002', paypal_enabled: false, host_uris: ['https://other.canary.test'] };
const RECIPIENT = ['Frost', '123 Main St', 'Atlanta', '1231231234', 'jack.frost@example.com'];

test('the card, the proxy records and the logs hold no secret and no recipient value', async ({ browser }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-card-secrets-'));
  const log: string[] = [];
  const contract = contractWithUrlLifetime(TEST_URL_LIFETIME_SECONDS);
  const certification = await startCertification({ target: { kind: 'simulator', participants: [CANARY, OTHER] }, contract, recordFile: join(dir, CARD_FILES.exchanges), log: (l) => log.push(l) });
  const signer = clientFor(certification.baseUrl, CANARY);
  const host = (b: Record<string, any>) => ({ ...b, host_uri: CANARY.host_uris[0] });
  for (const tweak of [{ secret: `${CANARY.secret}\n` }, { secret: 'not-the-canary-secret' }, { signatureEncoding: 'hex-then-base64' as const }, { username: OTHER.username }, { digestEncoding: 'hex' as const }, { skewSeconds: -600 }]) {
    expect((await signer.createSession(host(exampleBody()), { tweak })).status).toBe(401);
  }
  const context = await browser.newContext();
  await context.grantPermissions(['local-network-access']);
  const outcome = await runCheckout({ config: { baseUrl: certification.baseUrl, username: CANARY.username, secret: CANARY.secret, hostUri: CANARY.host_uris[0]! }, context, mistake: 'correct', log: (l) => log.push(l) });
  await context.close();
  expect(outcome).toBe('loaded');
  const journal = await certification.finish();
  const card = gradeCard(journal, { mode: 'simulator', upstream: certification.upstream, baseUrl: certification.baseUrl, participants: [CANARY.username], urlLifetimeSeconds: TEST_URL_LIFETIME_SECONDS, urlLifetimeShortened: true, startedAt: new Date().toISOString(), durationMs: 0 });
  // The signing refusals were told apart (so the secret really was worked with), and explained.
  const mistakes = card.exchanges.map((r) => r.signing?.mistake).filter(Boolean);
  expect(mistakes).toEqual(expect.arrayContaining(['secret-whitespace', 'wrong-secret', 'hex-signature', 'wrong-username', 'hex-digest']));
  expect(log.some((l) => l.includes('[explain] 401') && l.includes('secret-whitespace'))).toBe(true);
  const files = writeCard(dir, card, [CANARY.secret, OTHER.secret]);
  writeFileSync(join(dir, 'terminal.txt'), `${log.join('\n')}\n${renderCardTerminal(card)}`);
  const needles = [needleFor('canary secret', CANARY.secret), needleFor('other secret', OTHER.secret), ...RECIPIENT.map((v) => needleFor(`recipient ${v}`, v))];
  const scan = scanArtifacts([dir], needles);
  expect(scan.filesScanned).toBe(5);
  expect(scan.hits).toEqual([]);
  expect(scanCardArtifacts([...files, join(dir, CARD_FILES.exchanges)], journal)).toEqual([]);
  // The card still shows what a person needs: masked recipient values, the mistakes, the signing strings.
  expect(JSON.stringify(card.exchanges)).toContain('"first_name":"J***[4]"');
  expect(card.items.find((i) => i.id === 'signing')!.status).toBe('failed');
});

test('the scan is not blind: the secret in base64 inside a record, or a recipient value, is found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-card-control-'));
  writeFileSync(join(dir, CARD_FILES.exchanges), `{"authorization":"${Buffer.from(`x:${CANARY.secret}`).toString('base64')}"}\n`);
  writeFileSync(join(dir, CARD_FILES.html), '<p>Jack Frost, 123 Main St</p>');
  const hits = scanArtifacts([dir], [needleFor('canary secret', CANARY.secret), needleFor('recipient', '123 Main St')]).hits;
  expect(hits.map((h) => h.label).sort()).toEqual(['canary secret', 'recipient']);
});
