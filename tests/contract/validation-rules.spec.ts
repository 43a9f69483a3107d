// The document's field rules, one documented example at a time (the properties in
// validation-properties.spec.ts explore the same rules with generated requests). Every refusal must be
// 13400 (on a 4xx; on a 2xx it is warned about) naming the broken field; every documented valid value
// must be accepted. Values the document leaves open ("" or whitespace in a required field, a padded
// zip, a malformed e-mail) are never judged here: observations.spec.ts records them.
import { expectCreated, expectValidationError } from '../../src/checks/index.ts';
import { validSessionBody, withValueAt } from '../../src/contract/index.ts';
import { expect, test } from '../../src/harness/fixtures.ts';
import { notApplicable } from '../../src/report/annotations.ts';
import { REQUIRED } from './field-rule-tables.ts';

test.describe('required fields', () => {
  for (const [key, tag] of REQUIRED) {
    const id = tag.slice(1);
    test(`without ${key} → 13400 naming it`, { tag: [tag, '@SM-RESP-ERROR-SHAPE'] }, async ({ api, contract }) => {
      await api.send(`without ${key}`, withValueAt(validSessionBody(contract, { participant: api.participant }), key, undefined), {
        brokenFields: [key],
        expect: expectValidationError([id]),
      });
      // Whether "" counts as no value is not stated: observed in observations.spec.ts (OBS-EMPTY-REQUIRED).
    });
  }
});

test.describe('state', () => {
  test('every one of the 50 US state codes is accepted', { tag: ['@SM-VAL-STATE'] }, async ({ api, contract }) => {
    const states = contract.field('recipient_information.state').enum ?? [];
    expect(states).toHaveLength(50);
    await Promise.all(
      states.map((state) =>
        api.send(`state ${state}`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.state', state), { expect: expectCreated(['SM-VAL-STATE']) }),
      ),
    );
  });

  test('codes that are no US state → 13400 naming state', { tag: ['@SM-VAL-STATE'] }, async ({ api, contract }) => {
    for (const state of ['XX', 'ZZ', 'QQ', 'G1', '12', 'GAA', 'G', 'Georgia', 'G.']) {
      await api.send(`state ${JSON.stringify(state)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.state', state), {
        brokenFields: ['recipient_information.state'],
        expect: expectValidationError(['SM-VAL-STATE']),
      });
    }
  });
});

test.describe('zip_code', () => {
  test('xxxxx and xxxxx-xxxx are accepted', { tag: ['@SM-VAL-ZIP'] }, async ({ api, contract }) => {
    for (const zip of ['30313', '00501', '30313-1234', '99950-0000']) {
      await api.send(`zip ${zip}`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.zip_code', zip), { expect: expectCreated(['SM-VAL-ZIP']) });
    }
  });

  test('anything else → 13400 naming zip_code', { tag: ['@SM-VAL-ZIP'] }, async ({ api, contract }) => {
    // A padded zip (" 30313") is left out: whether a server trims is not documented (OBS-PADDED-VALUES).
    for (const zip of ['3031', '303134', '30313-', '30313-12', '30313-123', '30313-12345', '30313 1234', '303131234', 'ABCDE', '30313-ABCD', '3031A', '-30313']) {
      await api.send(`zip ${JSON.stringify(zip)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information.zip_code', zip), {
        brokenFields: ['recipient_information.zip_code'],
        expect: expectValidationError(['SM-VAL-ZIP']),
      });
    }
  });
});

test.describe('phone_number and mobile_number', () => {
  for (const key of ['recipient_information.phone_number', 'recipient_information.mobile_number']) {
    test(`${key}: 10 digits accepted; dashes, spaces, dots, parentheses, letters, 11 digits → 13400`, { tag: ['@SM-VAL-PHONE-DIGITS'] }, async ({ api, contract }) => {
      await api.send(`${key} 1231231234`, withValueAt(validSessionBody(contract, { participant: api.participant }), key, '1231231234'), { expect: expectCreated(['SM-VAL-PHONE-DIGITS']) });
      for (const value of ['123-123-12', '123 123 12', '123.123.12', '(123)12312', '123123123a', 'abcdefghij', '+123123123', '12312312345', '123-123-1234']) {
        await api.send(`${key} ${JSON.stringify(value)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), key, value), {
          brokenFields: [key],
          expect: expectValidationError(['SM-VAL-PHONE-DIGITS']),
        });
      }
    });
  }
});

test.describe('email_address: required for PayPal-enabled participants, optional for the others', () => {
  test('a PayPal-enabled participant without email_address → 13400 naming it', { tag: ['@SM-VAL-EMAIL-PAYPAL'] }, async ({ api, secondaryApi, contract }, testInfo) => {
    const paypal = [api, secondaryApi].find((c) => c?.participant.paypal_enabled);
    if (!paypal) notApplicable(testInfo, 'no PayPal-enabled participant is configured (INGO_PAYPAL_ENABLED / INGO_SECONDARY_PAYPAL_ENABLED), so the rule cannot apply');
    await paypal.send('PayPal-enabled, no email_address', withValueAt(validSessionBody(contract, { participant: paypal.participant }), 'recipient_information.email_address', undefined), {
      brokenFields: ['recipient_information.email_address'],
      expect: expectValidationError(['SM-VAL-EMAIL-PAYPAL']),
    });
  });

  test('a participant that is not PayPal-enabled may leave email_address out → 100', { tag: ['@SM-VAL-EMAIL-OPTIONAL'] }, async ({ api, secondaryApi, contract }, testInfo) => {
    const standard = [api, secondaryApi].find((c) => c && !c.participant.paypal_enabled);
    if (!standard) notApplicable(testInfo, 'every configured participant is PayPal-enabled, so no request may leave email_address out');
    await standard.send('not PayPal-enabled, no email_address', withValueAt(validSessionBody(contract, { participant: standard.participant }), 'recipient_information.email_address', undefined), {
      expect: expectCreated(['SM-VAL-EMAIL-OPTIONAL'], 'a session (100): the email is only required for PayPal-enabled participants'),
    });
  });
});

test.describe('types', () => {
  test('a string field given a number, a boolean, an array or an object → 13400 naming it', { tag: ['@SM-VAL-TYPES'] }, async ({ api, contract }) => {
    const strings = contract.fields.filter((f) => f.type === 'string' && !f.whiteListed);
    for (const field of strings) {
      for (const value of [12345, true, ['a'], { a: 'b' }]) {
        await api.send(`${field.key} = ${JSON.stringify(value)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), field.key, value), {
          brokenFields: [field.key],
          expect: expectValidationError(['SM-VAL-TYPES']),
        });
      }
    }
  });

  test('recipient_information that is not an object → 13400 naming it', { tag: ['@SM-VAL-TYPES'] }, async ({ api, contract }) => {
    for (const value of ['Jack Frost', 42, ['Jack'], true]) {
      await api.send(`recipient_information = ${JSON.stringify(value)}`, withValueAt(validSessionBody(contract, { participant: api.participant }), 'recipient_information', value), {
        brokenFields: ['recipient_information'],
        expect: expectValidationError(['SM-VAL-TYPES']),
      });
    }
  });
});
