import { deepStrictEqual } from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { valueAt, loadContract } from '../../src/contract/index.ts';
import { propertyParameters, validIdempotencyKey, validRequest, type CreateSessionRequest } from '../../generators/index.ts';
import { findings, NOT_PAYPAL, PARTICIPANTS, PAYPAL, strictEmailProblem } from './support.ts';

// Inside properties, node's assert rather than Playwright's expect: expect records a step per call,
// which costs more than generating and validating the request.
const contract = loadContract();
const RUNS = 1000;

for (const [name, participant] of Object.entries(PARTICIPANTS)) {
  test(`valid requests pass the request schema and the cross-field rules (${name})`, () => {
    fc.assert(
      fc.property(validRequest(contract, participant), (body) => {
        deepStrictEqual(findings(contract, body, participant), []);
      }),
      propertyParameters(RUNS),
    );
  });
}

test('without edge cases, every optional field is present with a plain value', () => {
  const optional = contract.fields.filter((f) => !f.required && f.type === 'string');
  fc.assert(
    fc.property(validRequest(contract, PAYPAL, { edgeCases: false }), (body) => {
      deepStrictEqual(findings(contract, body, PAYPAL), []);
      deepStrictEqual(optional.filter((f) => !valueAt(body, f.path)).map((f) => f.key), []);
    }),
    propertyParameters(200),
  );
});

test.describe('what valid requests look like', () => {
  const sample = (participant = PAYPAL) => fc.sample(validRequest(contract, participant), { seed: 4242, numRuns: 3000 });
  // Sampled in beforeAll, not at load: test files are also loaded just to list the tests.
  let paypal: CreateSessionRequest[];
  let plain: CreateSessionRequest[];
  let all: CreateSessionRequest[];
  let recipients: Array<CreateSessionRequest['recipient_information']>;
  test.beforeAll(() => {
    paypal = sample();
    plain = sample(NOT_PAYPAL);
    all = [...paypal, ...plain];
    recipients = all.map((b) => b.recipient_information);
  });

  test('names carry apostrophes, hyphens, accents and non-Latin letters', () => {
    const names = recipients.flatMap((r) => [r.first_name, r.last_name]);
    const seen = (re: RegExp) => names.some((n) => re.test(n));
    expect({
      plain: seen(/^[A-Z][a-z]+$/),
      "O'Brien": seen(/^O['’][A-Z]/),
      'Smith-Jones': seen(/\p{L}-\p{L}/u),
      'José, Nguyễn': seen(/[À-ɏḀ-ỿ]/u),
      '李, 김, Анна': seen(/\p{Script=Han}|\p{Script=Hangul}|\p{Script=Cyrillic}/u),
    }).toEqual({ plain: true, "O'Brien": true, 'Smith-Jones': true, 'José, Nguyễn': true, '李, 김, Анна': true });
  });

  test('every free-text field reaches exactly its maximum length, never more', () => {
    const freeText = contract.fields.filter((f) => f.maxLength !== undefined && !f.pattern && !f.enum && !f.whiteListed);
    const longest = Object.fromEntries(
      freeText.map((f) => [f.key, Math.max(...all.map((b) => valueAt(b, f.path)).filter((v): v is string => typeof v === 'string').map((v) => v.length))]),
    );
    expect(longest).toEqual(Object.fromEntries(freeText.map((f) => [f.key, f.maxLength])));
  });

  test('optional fields are sometimes absent and sometimes empty where empty is documented', () => {
    const report = Object.fromEntries(
      contract.fields
        .filter((f) => !f.required && f.type === 'string')
        .map((f) => {
          const values = plain.map((b) => valueAt(b, f.path));
          return [f.key, { absent: values.includes(undefined), empty: values.includes('') }];
        }),
    );
    // Empty host_uri, empty email_address (a format check refuses it) and phone numbers shorter than 10
    // digits are not documented (x-not-documented).
    expect(report).toEqual({
      participant_unique_id2: { absent: true, empty: true },
      host_uri: { absent: true, empty: false },
      'recipient_information.address_line2': { absent: true, empty: true },
      'recipient_information.email_address': { absent: true, empty: false },
      'recipient_information.phone_number': { absent: true, empty: false },
      'recipient_information.mobile_number': { absent: true, empty: false },
    });
  });

  test('phone numbers are absent or exactly ten digits', () => {
    const phones = recipients.flatMap((r) => [r.phone_number, r.mobile_number]).filter((p) => p !== undefined);
    expect(phones.filter((p) => !/^[0-9]{10}$/.test(p))).toEqual([]);
    expect(phones.length).toBeGreaterThan(3000);
  });

  test('a PayPal-enabled participant always gets an email; others sometimes none', () => {
    expect(paypal.map((b) => b.recipient_information.email_address).filter((e) => e === undefined)).toEqual([]);
    expect(plain.some((b) => b.recipient_information.email_address === undefined)).toBe(true);
  });

  test('every email is well-formed by a strict (RFC 5321-like) check, so a server that checks the format accepts it', () => {
    const emails = recipients.map((r) => r.email_address).filter((e): e is string => e !== undefined);
    expect(emails.length).toBeGreaterThan(3000);
    expect(emails.filter((e) => strictEmailProblem(e) !== undefined).map((e) => `${e}: ${strictEmailProblem(e)}`)).toEqual([]);
  });

  test("values at a field's maximum length are printable ASCII (characters, UTF-16 units and bytes agree)", () => {
    const limited = contract.fields.filter((f) => f.maxLength !== undefined && f.type === 'string');
    const atMax = all.flatMap((b) => limited.map((f) => valueAt(b, f.path))).filter((v): v is string => typeof v === 'string' && limited.some((f) => v.length === f.maxLength && f.maxLength > 10));
    expect(atMax.length).toBeGreaterThan(0);
    expect(atMax.filter((v) => !/^[\x20-\x7e]+$/.test(v))).toEqual([]);
  });

  test('states come from the contract list, zips in both forms, host_uri absent or white-listed', () => {
    const states = new Set(recipients.map((r) => r.state));
    expect([...states].filter((s) => !contract.field('state').enum!.includes(s))).toEqual([]);
    expect(states.size).toBe(contract.field('state').enum!.length);
    expect(recipients.some((r) => /^[0-9]{5}$/.test(r.zip_code))).toBe(true);
    expect(recipients.some((r) => /^[0-9]{5}-[0-9]{4}$/.test(r.zip_code))).toBe(true);
    expect([...new Set(paypal.map((b) => b.host_uri ?? '(absent)'))].sort()).toEqual(['(absent)', ...PAYPAL.host_uris].sort());
    const noHosts = fc.sample(validRequest(contract, { paypal_enabled: false, host_uris: [] }), { seed: 1, numRuns: 200 });
    expect(noHosts.filter((b) => 'host_uri' in b)).toEqual([]);
  });

  test('required values are never empty, blank, or padded with whitespace', () => {
    const required = contract.fields.filter((f) => f.required && f.type === 'string');
    const bad = all.flatMap((b) => required.map((f) => String(valueAt(b, f.path)))).filter((v) => v.trim() === '' || v !== v.trim());
    expect(bad).toEqual([]);
  });
});

test('valid Idempotency-Keys fit the limit and reach it', () => {
  const keys = fc.sample(validIdempotencyKey(contract), { seed: 7, numRuns: 500 });
  expect(keys.filter((k) => k.length < 1 || k.length > contract.idempotencyKey.maxLength)).toEqual([]);
  expect(keys.some((k) => k.length === contract.idempotencyKey.maxLength)).toBe(true);
  expect(keys.some((k) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(k))).toBe(true);
});
