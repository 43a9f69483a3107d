// Faults in field validation: each targets fields by key and a kind of rule read from the contract's
// field rules; the requirement ids are data for the catalogue, never a switch.
import { on } from '../core/seams.ts';
import { fieldRule } from '../stages/validate-fields.ts';
import { fault } from './fault.ts';

const STATE = 'recipient_information.state';
const ZIP = 'recipient_information.zip_code';
const PHONES = ['recipient_information.phone_number', 'recipient_information.mobile_number'];
const EMAIL = 'recipient_information.email_address';

export const VALIDATION_FAULTS = [
  fault('accept-any-state', 'state is not checked against the list of US states (any two characters pass)', ['SM-VAL-STATE'], on('validate-fields', (s) => {
    fieldRule(s, STATE, 'enum').enumValues = undefined;
  })),
  fault('accept-bad-zip', 'zip_code format is not checked (only its length)', ['SM-VAL-ZIP'], on('validate-fields', (s) => {
    fieldRule(s, ZIP, 'pattern').patterns.length = 0;
  })),
  fault('accept-zip-plus4-bad', 'zip_code: only the part before a dash is checked, so 30313-12 or 30313-ABCD pass', ['SM-VAL-ZIP'], on('validate-fields', (s) => {
    const zip = fieldRule(s, ZIP, 'pattern');
    zip.patterns.splice(0, zip.patterns.length, ...zip.patterns.map((p) => ({ ...p, test: (text: string) => p.test(text.split('-', 1)[0]!) })));
  })),
  fault(
    'accept-phone-dashes',
    'phone/mobile numbers: dashes, spaces, dots and parentheses are stripped before the digits-only and length checks',
    ['SM-VAL-PHONE-DIGITS'],
    on('validate-fields', (s) => {
      for (const key of PHONES) fieldRule(s, key, 'pattern').normalise = (text) => text.replace(/[-\s().]/g, '');
    }),
  ),
  fault('ignore-paypal-email', 'email_address is not required for PayPal-enabled participants', ['SM-VAL-EMAIL-PAYPAL'], on('validate-fields', (s) => {
    fieldRule(s, EMAIL, 'conditional').requiredWhen = undefined;
  })),
  fault('require-email-always', 'email_address is required for every participant, PayPal-enabled or not', ['SM-VAL-EMAIL-OPTIONAL'], on('validate-fields', (s) => {
    fieldRule(s, EMAIL, 'conditional').required = true;
  })),
  fault(
    'accept-wrong-types',
    'numbers and booleans are coerced to strings instead of being refused',
    ['SM-VAL-TYPES'],
    on('validate-fields', (s) => void (s.coerceScalars = true)),
    on('white-list', (s) => void (s.coerceScalars = true)),
  ),
  fault(
    'reject-empty-optional',
    'an empty string in an optional field is refused as too short (the document example has address_line2: "")',
    ['SM-DOC-EXAMPLE'],
    on('validate-fields', (s) => {
      for (const field of s.fields) if (!field.rule.required) field.emptyIsInvalid = true;
    }),
  ),
];
