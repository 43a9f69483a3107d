import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { loadContract } from '../../src/contract/index.ts';
import { boundaryCases, foreignHostUri, invalidRequest, validRequest } from '../../generators/index.ts';
import { containsNull, NOT_PAYPAL, PAYPAL, stringsIn } from './support.ts';

const contract = loadContract();

test("the contract's x-not-documented lists are the ones these checks know", () => {
  const lists = Object.fromEntries(contract.fields.filter((f) => f.notDocumented.length > 0).map((f) => [f.key, f.notDocumented]));
  expect(lists).toEqual({
    host_uri: [{ kind: 'empty' }],
    'recipient_information.email_address': [{ kind: 'empty' }],
    'recipient_information.state': [...['DC', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI'].map((code) => ({ kind: 'code', code })), { kind: 'lower-case' }],
    'recipient_information.phone_number': [{ kind: 'fewer-digits', digits: 10 }],
    'recipient_information.mobile_number': [{ kind: 'fewer-digits', digits: 10 }],
  });
});

/** Why a string at a field is one whose treatment the document leaves open, if it is. */
function undocumented(key: string, value: string): string | undefined {
  if (value.trim() === '' && value !== '') return 'whitespace only';
  if (/[\uD800-\uDFFF]/.test(value)) return 'astral characters';
  if (key === 'host_uri' && value === '') return 'empty host_uri';
  if (key === 'recipient_information.email_address' && value === '') return 'empty email_address';
  if (key === 'recipient_information.state' && (/[a-z]/.test(value) || ['DC', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI'].includes(value))) return 'lower-case, DC or territory';
  if (/phone_number|mobile_number/.test(key) && /^[0-9]{0,9}$/.test(value)) return 'phone shorter than 10 digits';
  return undefined;
}

function offenders(bodies: readonly unknown[], keys: ReadonlyArray<string | undefined> = []): string[] {
  const out: string[] = [];
  for (const body of bodies) {
    if (containsNull(body)) out.push(`null in ${JSON.stringify(body)}`);
    for (const [key, value] of stringsIn(body)) {
      const why = undocumented(key, value);
      if (why) out.push(`${key} ${JSON.stringify(value)}: ${why}`);
    }
  }
  for (const key of keys) if (key === '') out.push('empty Idempotency-Key');
  return out;
}

test('no undocumented value is ever generated: valid, invalid, boundary and look-alike cases', () => {
  const runs = 3000;
  for (const participant of [PAYPAL, NOT_PAYPAL]) {
    const valid = fc.sample(validRequest(contract, participant), { seed: 11, numRuns: runs });
    const invalid = fc.sample(invalidRequest(contract, participant), { seed: 12, numRuns: runs });
    const boundaries = boundaryCases(contract, participant);
    const hosts = fc.sample(foreignHostUri(contract, participant), { seed: 13, numRuns: 300 });
    expect(offenders(valid), 'valid').toEqual([]);
    expect(offenders(invalid.map((c) => c.body), invalid.map((c) => c.idempotencyKey)), 'invalid').toEqual([]);
    expect(offenders(boundaries.map((c) => c.body), boundaries.map((c) => c.idempotencyKey)), 'boundaries').toEqual([]);
    expect(offenders(hosts.map((c) => c.body)), 'look-alike hosts').toEqual([]);
  }
});
