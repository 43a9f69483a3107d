// Proof that the card is right: the correct reference client gets a clean card (every item passed,
// none failed or left unchecked: zero false marks), and each broken one fails exactly the item of its
// one planted mistake (a signing mistake is also named). Score: mistakes caught / planted is the count
// of passing tests below, one per mistake.
import { expect, test } from '@playwright/test';
import { MISTAKES, type MistakeName } from '../../clients/reference/flaws.ts';
import type { ItemId } from '../../src/certify/items.ts';
import { renderCardTerminal } from '../../src/certify/render/terminal.ts';
import { certifyReferenceClient } from './run-reference.ts';

/** The item each planted mistake must fail, and for a signing mistake the name the card gives it. */
const EXPECTED: Record<MistakeName, { item: ItemId; named?: string }> = {
  'hex-digest': { item: 'signing', named: 'hex-digest' },
  're-serialised-body': { item: 'signing', named: 're-serialised-body' },
  'stale-x-date': { item: 'x-date', named: 'behind the server' },
  'no-key-on-retry': { item: 'retry', named: 'without an Idempotency-Key' },
  'new-key-on-retry': { item: 'retry', named: 'with a new Idempotency-Key' },
  'changed-body-under-used-key': { item: 'changed-body' },
  'url-opened-late': { item: 'url-in-time' },
  'framed-on-other-host': { item: 'framed-on-host', named: 'not its host_uri' },
  'expired-url-not-recovered': { item: 'expired-recovered' },
  'wrong-algorithm-name': { item: 'signing', named: 'wrong-algorithm-name' },
  'no-idempotency-key': { item: 'key-sent' },
  'header-list-order': { item: 'signing', named: 'header-order' },
  'charset-added-after-signing': { item: 'signing', named: 'changed-header' },
  'host-uri-not-white-listed': { item: 'host-uri' },
  'no-email-for-paypal': { item: 'email-paypal' },
  'opened-top-level': { item: 'framed-on-host', named: 'top-level' },
};

test('the correct reference client gets a clean card: every item passed, nothing failed or unchecked', async ({ browser }, testInfo) => {
  const run = await certifyReferenceClient(browser, 'correct');
  await testInfo.attach('card', { body: renderCardTerminal(run.card), contentType: 'text/plain' });
  expect(run.outcome, run.clientLog.join('\n')).toBe('loaded');
  const marks = run.card.items.filter((i) => i.status !== 'passed').map((i) => `${i.id}: ${i.status}: ${i.summary}`);
  expect(marks, 'false marks on the correct client').toEqual([]);
  expect(run.card.verdict.code).toBe('clean');
  expect(run.card.serverFindings).toEqual([]);
  // The situations the card is about really arose: a cut connection, an expired first open.
  expect(run.journal.exchanges.filter((e) => e.outcome.kind === 'dropped')).toHaveLength(1);
  expect(run.journal.pages.filter((p) => p.kind === 'open' && p.planted)).toHaveLength(1);
});

for (const [mistake, expected] of Object.entries(EXPECTED) as Array<[MistakeName, (typeof EXPECTED)[MistakeName]]>) {
  test(`${mistake} (${MISTAKES[mistake].description}) fails exactly item "${expected.item}"`, async ({ browser }, testInfo) => {
    const run = await certifyReferenceClient(browser, mistake);
    await testInfo.attach('card', { body: renderCardTerminal(run.card), contentType: 'text/plain' });
    const failedItems = run.card.items.filter((i) => i.status === 'failed');
    expect(failedItems.map((i) => i.id), renderCardTerminal(run.card)).toEqual([expected.item]);
    if (expected.named) expect(failedItems[0]!.summary).toContain(expected.named);
    expect(failedItems[0]!.fix).toBeTruthy();
    // Every other item is passed, not applicable or not checked with a reason: never failed twice.
    for (const other of run.card.items.filter((i) => i.status !== 'failed')) expect(other.summary.length).toBeGreaterThan(10);
    expect(run.card.verdict.code).toBe('not-clean');
  });
}
