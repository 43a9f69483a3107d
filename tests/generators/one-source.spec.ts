// The generators read every limit, pattern and list from the contract: on a modified copy of the
// YAML they follow the copy, not the numbers of the real one.
import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { contractFromText, getAt, loadContract } from '../../src/contract/index.ts';
import { boundaryCases, invalidRequest, propertyParameters, validRequest } from '../../generators/index.ts';
import { claimProblems, findings, NOT_PAYPAL, PARTICIPANTS, PAYPAL } from './support.ts';

const original = loadContract();
const yamlText = readFileSync(original.path, 'utf8');

function modified(edit: (doc: any) => void) {
  const doc = parse(yamlText);
  edit(doc);
  return contractFromText(stringify(doc));
}

const contract = modified((doc) => {
  const recipient = doc.components.schemas.RecipientInformation.properties;
  recipient.first_name.maxLength = 20;
  recipient.state.enum = [...recipient.state.enum.filter((s: string) => s !== 'GA'), 'ZQ'];
  recipient.zip_code.pattern = '^[0-9]{3}-[0-9]{3}$';
  recipient.phone_number.maxLength = 12;
  doc.components.parameters.IdempotencyKey.schema.maxLength = 64;
});
const path = (key: string) => contract.field(key).path;

for (const [name, participant] of Object.entries(PARTICIPANTS)) {
  test(`valid requests are valid under the modified contract (${name})`, () => {
    fc.assert(
      fc.property(validRequest(contract, participant), (body) => deepStrictEqual(findings(contract, body, participant), [])),
      propertyParameters(300),
    );
  });

  test(`invalid cases claim the right rules under the modified contract (${name})`, () => {
    fc.assert(
      fc.property(invalidRequest(contract, participant), (c) => deepStrictEqual(claimProblems(contract, c, participant), [])),
      propertyParameters(300),
    );
  });
}

test('valid values follow the new limit, list and pattern', () => {
  const bodies = fc.sample(validRequest(contract, PAYPAL), { seed: 8, numRuns: 3000 });
  const firstNames = bodies.map((b) => String(getAt(b, path('first_name'))));
  const states = new Set(bodies.map((b) => String(getAt(b, path('state')))));
  const zips = bodies.map((b) => String(getAt(b, path('zip_code'))));
  expect(Math.max(...firstNames.map((n) => n.length))).toBe(20);
  expect({ ZQ: states.has('ZQ'), GA: states.has('GA') }).toEqual({ ZQ: true, GA: false });
  expect(zips.filter((z) => !/^[0-9]{3}-[0-9]{3}$/.test(z))).toEqual([]);
  // The same bodies break the real contract: the generators did not use its numbers.
  expect(bodies.some((b) => !original.validateRequest(b).valid)).toBe(true);
});

test('boundaries move with the limits', () => {
  const lengths = (key: string) => boundaryCases(contract, NOT_PAYPAL).filter((c) => c.field === key).map((c) => `${c.length}:${c.expect}`);
  expect(lengths('recipient_information.first_name')).toEqual(['19:accepted', '20:accepted', '21:refused']);
  expect(lengths('recipient_information.phone_number')).toEqual(['11:accepted', '12:accepted', '13:refused']);
  expect(lengths('recipient_information.zip_code')).toEqual(['11:refused']);
  expect(lengths('Idempotency-Key')).toEqual(['63:accepted', '64:accepted', '65:refused']);
  for (const c of boundaryCases(contract, PAYPAL).filter((c) => c.expect === 'accepted')) {
    expect(findings(contract, c.body, PAYPAL), c.description).toEqual([]);
  }
});

test('a new x-not-documented phrase stops the generators until they learn it', () => {
  const unknown = modified((doc) => {
    doc.components.schemas.RecipientInformation.properties.city['x-not-documented'] = ['names with digits'];
  });
  expect(() => validRequest(unknown, PAYPAL)).toThrow(/x-not-documented "names with digits" on recipient_information.city is not understood/);
});
