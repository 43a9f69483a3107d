import { deepStrictEqual, ok } from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { loadContract } from '../../src/contract/index.ts';
import { foreignHostUri, propertyParameters } from '../../generators/index.ts';
import { findings, PARTICIPANTS, PAYPAL } from './support.ts';

const contract = loadContract();

for (const [name, participant] of Object.entries(PARTICIPANTS)) {
  test(`look-alike hosts are never white-listed and break only the white-list rule (${name})`, () => {
    fc.assert(
      fc.property(foreignHostUri(contract, participant), (c) => {
        ok(!participant.host_uris.includes(c.hostUri), c.hostUri);
        const found = findings(contract, c.body, participant);
        if (c.expect === 'unauthorized') {
          deepStrictEqual(found, [{ field: 'host_uri', requirementId: 'SM-HOST-WHITELIST', outcome: 'unauthorized' }]);
          deepStrictEqual(c.requirementIds, ['SM-HOST-WHITELIST']);
        } else {
          deepStrictEqual(new Set(found.map((f) => f.requirementId)), new Set(['SM-HOST-WHITELIST', 'SM-VAL-MAXLEN-HOST-URI']));
          ok(c.hostUri.length > contract.field('host_uri').maxLength!);
        }
      }),
      propertyParameters(300),
    );
  });
}

test('every look-alike is on another origin than every white-listed host (refused by origin and by exact string)', () => {
  for (const participant of Object.values(PARTICIPANTS)) {
    const listed = new Set(participant.host_uris.map((h) => new URL(h).origin));
    const sameOrigin = fc
      .sample(foreignHostUri(contract, participant), { seed: 9, numRuns: 500 })
      .map((c) => c.hostUri)
      .filter((h) => listed.has(new URL(h).origin) || listed.has(new URL(h.toLowerCase()).origin));
    expect(sameOrigin).toEqual([]);
  }
});

test('the look-alikes an attacker tries', () => {
  const hosts = new Set(fc.sample(foreignHostUri(contract, PAYPAL), { seed: 3, numRuns: 500 }).map((c) => c.hostUri));
  for (const expected of [
    'https://digitalpay.ingo.money.evil.test',
    'http://digitalpay.ingo.money',
    'https://digitalpay.ingo.money:8443',
    'https://digitalpay-ingo.money',
    'https://digitalpay.ingo.money@evil.test',
    'http://shop.example.com:8443',
  ]) {
    expect(hosts, expected).toContain(expected);
  }
});
