import { expect, test } from '@playwright/test';
import { valueAt, loadContract } from '../../src/contract/index.ts';
import fc from 'fast-check';
import { boundaryCases, singleRuleViolation } from '../../generators/index.ts';
import { findings, NOT_PAYPAL, PARTICIPANTS, PAYPAL, strictEmailProblem } from './support.ts';

const contract = loadContract();
const KEY = contract.idempotencyKey;

for (const [name, participant] of Object.entries(PARTICIPANTS)) {
  test(`at the limit accepted, one over refused, by the schema alone (${name})`, () => {
    const problems: string[] = [];
    for (const c of boundaryCases(contract, participant)) {
      const found = findings(contract, c.body, participant);
      if (c.field === KEY.header) {
        if (found.length > 0) problems.push(`${c.description}: the body itself is refused`);
        if ((c.idempotencyKey!.length <= KEY.maxLength) !== (c.expect === 'accepted')) problems.push(`${c.description}: key of ${c.idempotencyKey!.length}`);
        continue;
      }
      const value = valueAt(c.body, contract.field(c.field).path);
      if (typeof value !== 'string' || value.length !== c.length) problems.push(`${c.description}: value is ${String(value).length} long`);
      if (c.expect === 'accepted' && found.length > 0) problems.push(`${c.description}: refused for ${JSON.stringify(found)}`);
      if (c.expect === 'refused') {
        const others = found.filter((f) => f.field !== c.field);
        if (others.length > 0 || !found.some((f) => f.requirementId === c.requirementId)) problems.push(`${c.description}: ${JSON.stringify(found)}`);
      }
    }
    expect(problems).toEqual([]);
  });
}

test('lengths max-1, max and max+1 for every limited field, where the contract admits such a value', () => {
  const lengths: Record<string, string> = {};
  for (const c of boundaryCases(contract, PAYPAL)) lengths[c.field] = `${lengths[c.field] ? `${lengths[c.field]} ` : ''}${c.length}:${c.expect}`;
  expect(lengths).toEqual({
    participant_unique_id1: '99:accepted 100:accepted 101:refused',
    participant_unique_id2: '99:accepted 100:accepted 101:refused',
    'recipient_information.first_name': '149:accepted 150:accepted 151:refused',
    'recipient_information.last_name': '149:accepted 150:accepted 151:refused',
    'recipient_information.address_line1': '149:accepted 150:accepted 151:refused',
    'recipient_information.address_line2': '149:accepted 150:accepted 151:refused',
    'recipient_information.city': '149:accepted 150:accepted 151:refused',
    // No valid state of 1 letter, no valid zip of 9 characters; 9-digit phones are not documented.
    'recipient_information.state': '2:accepted 3:refused',
    'recipient_information.zip_code': '10:accepted 11:refused',
    'recipient_information.email_address': '149:accepted 150:accepted 151:refused',
    'recipient_information.phone_number': '10:accepted 11:refused',
    'recipient_information.mobile_number': '10:accepted 11:refused',
    // host_uri: a long origin is never white-listed (401), so it has no boundary cases.
    'Idempotency-Key': '249:accepted 250:accepted 251:refused',
  });
  expect(boundaryCases(contract, PAYPAL).filter((c) => c.field === KEY.header).every((c) => c.idempotencyKey?.length === c.length)).toBe(true);
});

test("one field's cases alone are that field's cases of the whole set", () => {
  const all = boundaryCases(contract, PAYPAL);
  const keys = [...new Set(all.map((c) => c.field))];
  expect(keys).toContain(KEY.header);
  for (const key of keys) expect(boundaryCases(contract, PAYPAL, key), key).toEqual(all.filter((c) => c.field === key));
  expect(boundaryCases(contract, PAYPAL, 'host_uri'), 'a white-listed field has no boundary cases').toEqual([]);
});

test('deterministic, inside the BMP, no whitespace at either end, emails shaped like emails', () => {
  expect(boundaryCases(contract, PAYPAL)).toEqual(boundaryCases(contract, PAYPAL));
  expect(boundaryCases(contract, NOT_PAYPAL)).toEqual(boundaryCases(contract, NOT_PAYPAL));
  const values = boundaryCases(contract, PAYPAL)
    .filter((c) => c.field !== KEY.header)
    .map((c) => String(valueAt(c.body, contract.field(c.field).path)));
  expect(values.filter((v) => /[\uD800-\uDFFF]/.test(v) || v !== v.trim())).toEqual([]);
  expect(values.filter((v) => !/^[\x20-\x7e]+$/.test(v)), 'printable ASCII: the same length in characters, UTF-16 units and bytes').toEqual([]);
});

test('every boundary email (max-1, max and max+1) is well-formed, so max+1 is refused for its length only', () => {
  for (const participant of [PAYPAL, NOT_PAYPAL]) {
    const emails = boundaryCases(contract, participant)
      .filter((c) => c.field.endsWith('email_address'))
      .map((c) => String(valueAt(c.body, contract.field(c.field).path)));
    expect(emails.map((e) => e.length)).toEqual([149, 150, 151]);
    expect(emails.filter((e) => strictEmailProblem(e) !== undefined).map((e) => `${e}: ${strictEmailProblem(e)}`)).toEqual([]);
  }
});

test('over-long emails of the invalid cases are well-formed too: their refusal is about length, never format', () => {
  const cases = fc.sample(singleRuleViolation(contract, PAYPAL, { requirementIds: ['SM-VAL-MAXLEN-EMAIL-ADDRESS'] }), { seed: 5, numRuns: 300 });
  const emails = cases.map((c) => valueAt(c.body, contract.field('email_address').path)).filter((e): e is string => typeof e === 'string');
  expect(emails.length).toBeGreaterThan(250);
  // Far over the limit a domain may pass 253 characters; one over the limit it never does.
  const oneOver = emails.filter((e) => e.length === contract.field('email_address').maxLength! + 1);
  expect(oneOver.length).toBeGreaterThan(0);
  expect(oneOver.filter((e) => strictEmailProblem(e) !== undefined)).toEqual([]);
  expect(emails.filter((e) => !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(e))).toEqual([]);
});
