import { deepStrictEqual, ok } from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { valueAt, loadContract } from '../../src/contract/index.ts';
import { invalidRequest, propertyParameters, singleRuleViolation, type InvalidCase } from '../../generators/index.ts';
import { claimProblems, NOT_PAYPAL, PARTICIPANTS, PAYPAL } from './support.ts';

const contract = loadContract();
const RUNS = 1000;
const HOST = contract.fields.find((f) => f.whiteListed)!;

for (const [name, participant] of Object.entries(PARTICIPANTS)) {
  test(`each invalid case is refused exactly for the reasons it claims (${name})`, () => {
    fc.assert(
      fc.property(invalidRequest(contract, participant, { maxBroken: 3 }), (c) => {
        deepStrictEqual(claimProblems(contract, c, participant), []);
        ok(c.brokenFields.length >= 1 && c.brokenFields.length <= 3, 'one to three broken fields');
      }),
      propertyParameters(RUNS),
    );
  });

  test(`a single-rule violation breaks one field and one requirement (${name})`, () => {
    fc.assert(
      fc.property(singleRuleViolation(contract, participant), (c) => {
        deepStrictEqual(claimProblems(contract, c, participant), []);
        deepStrictEqual([c.brokenFields.length, c.requirementIds.length], [1, 1]);
      }),
      propertyParameters(RUNS),
    );
  });
}

test.describe('what invalid cases cover', () => {
  const many = (participant = PAYPAL, maxBroken = 3) => fc.sample(invalidRequest(contract, participant, { maxBroken }), { seed: 99, numRuns: 4000 });
  // Sampled in beforeAll, not at load: test files are also loaded just to list the tests.
  let paypal: InvalidCase[];
  let plain: InvalidCase[];
  test.beforeAll(() => {
    paypal = many();
    plain = many(NOT_PAYPAL);
  });

  test('every documented field rule is broken somewhere, and the PayPal email rule only for PayPal', () => {
    const ids = (cases: InvalidCase[]) => new Set(cases.flatMap((c) => c.requirementIds));
    const expected = new Set([
      'SM-VAL-TYPES',
      'SM-IDEM-KEY-MAXLEN',
      ...contract.fields.filter((f) => !f.whiteListed).flatMap((f) => [f.requirement.required, f.requirement.maxLength, f.requirement.format]),
    ].filter((id): id is string => id !== undefined));
    expect([...expected].filter((id) => !ids(paypal).has(id))).toEqual([]);
    expect(ids(paypal).has('SM-VAL-EMAIL-PAYPAL')).toBe(true);
    expect(ids(plain).has('SM-VAL-EMAIL-PAYPAL')).toBe(false);
  });

  test('one rule at a time and several at once', () => {
    const counts = new Set(paypal.map((c) => c.brokenFields.length));
    expect([...counts].sort()).toEqual([1, 2, 3]);
    const single = many(PAYPAL, 1);
    expect(single.every((c) => c.brokenFields.length === 1)).toBe(true);
  });

  test('host_uri is never broken: it stays absent or white-listed', () => {
    const hosts = new Set([...paypal, ...plain].map((c) => valueAt(c.body, HOST.path)).map((h) => (h === undefined ? '(absent)' : String(h))));
    expect([...hosts].filter((h) => h !== '(absent)' && !PAYPAL.host_uris.includes(h))).toEqual([]);
    expect([...paypal, ...plain].some((c) => c.brokenFields.includes(HOST.key))).toBe(false);
  });

  test('over the limit by one and by a lot; missing; every wrong JSON type', () => {
    const descriptions = [...paypal, ...plain].map((c) => c.description).join('\n');
    for (const phrase of ['one over the limit', '0 over the limit', 'is missing', 'is a number', 'is a boolean', 'is an object', 'is an array', 'recipient_information is a string']) {
      expect(descriptions, phrase).toContain(phrase);
    }
    const keys = [...paypal, ...plain].map((c) => c.idempotencyKey).filter((k): k is string => k !== undefined);
    expect(keys.some((k) => k.length === contract.idempotencyKey.maxLength + 1)).toBe(true);
    expect(keys.some((k) => k.length > contract.idempotencyKey.maxLength * 2)).toBe(true);
  });

  const valuesBreaking = (id: string, key: string) =>
    fc
      .sample(singleRuleViolation(contract, PAYPAL, { requirementIds: [id] }), { seed: 5, numRuns: 3000 })
      .map((c) => valueAt(c.body, contract.field(key).path))
      .filter((v): v is string => typeof v === 'string');

  test('states: XX, ZZ, three letters, digits; never lower case, DC or a territory', () => {
    const states = valuesBreaking('SM-VAL-STATE', 'state');
    const seen = (re: RegExp) => states.some((s) => re.test(s));
    expect({ XX: states.includes('XX'), ZZ: states.includes('ZZ'), three: seen(/^[A-Z]{3}$/), digits: seen(/^[0-9]+$/) }).toEqual({ XX: true, ZZ: true, three: true, digits: true });
    expect(states.filter((s) => /[a-z]/.test(s) || ['DC', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI'].includes(s) || contract.field('state').enum!.includes(s))).toEqual([]);
  });

  test('zips: 4 or 6 digits, letters, a bad +4 part', () => {
    const zips = valuesBreaking('SM-VAL-ZIP', 'zip_code');
    const seen = (re: RegExp) => zips.some((z) => re.test(z));
    expect({
      four: seen(/^[0-9]{4}$/),
      six: seen(/^[0-9]{6}$/),
      letters: seen(/[A-Z]/),
      badPlus4: seen(/^[0-9]{5}-(?![0-9]{4}$)/),
    }).toEqual({ four: true, six: true, letters: true, badPlus4: true });
  });

  test('phones: dashes, spaces, letters, 11 digits; never digits-only shorter than 10', () => {
    const phones = [...valuesBreaking('SM-VAL-PHONE-DIGITS', 'phone_number'), ...valuesBreaking('SM-VAL-PHONE-DIGITS', 'mobile_number')];
    const seen = (re: RegExp) => phones.some((p) => re.test(p));
    expect({ dashes: seen(/^[0-9]{3}-[0-9]{3}-[0-9]{4}$/), spaces: seen(/ /), letters: seen(/[A-Z]/), eleven: seen(/^[0-9]{11}$/) }).toEqual({
      dashes: true,
      spaces: true,
      letters: true,
      eleven: true,
    });
    expect(phones.filter((p) => /^[0-9]{0,9}$/.test(p))).toEqual([]);
  });

  test('a PayPal-enabled participant without email', () => {
    const cases = fc.sample(singleRuleViolation(contract, PAYPAL, { requirementIds: ['SM-VAL-EMAIL-PAYPAL'] }), { seed: 5, numRuns: 50 });
    expect(cases.every((c) => valueAt(c.body, contract.field('email_address').path) === undefined)).toBe(true);
    expect(() => singleRuleViolation(contract, NOT_PAYPAL, { requirementIds: ['SM-VAL-EMAIL-PAYPAL'] })).toThrow(/no invalid case breaks SM-VAL-EMAIL-PAYPAL/);
  });
});

test('the claim checker itself notices a dishonest case', () => {
  const [c] = fc.sample(singleRuleViolation(contract, PAYPAL, { requirementIds: ['SM-VAL-STATE'] }), { seed: 1, numRuns: 1 });
  expect(claimProblems(contract, c!, PAYPAL)).toEqual([]);
  expect(claimProblems(contract, { ...c!, requirementIds: ['SM-VAL-ZIP'] }, PAYPAL).join()).toMatch(/claims SM-VAL-ZIP but breaks SM-VAL-STATE/);
  expect(claimProblems(contract, { ...c!, brokenFields: ['recipient_information.city'] }, PAYPAL).join()).toMatch(/unclaimed violation at recipient_information.state.*claimed recipient_information.city but the contract accepts it/);
  expect(claimProblems(contract, { ...c!, idempotencyKey: 'k' }, PAYPAL).join()).toMatch(/unclaimed Idempotency-Key/);
});
