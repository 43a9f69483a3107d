// Field values the document leaves open: e-mail format, null, whitespace, state codes beyond the 50
// states, short phone numbers, unknown fields, and how lengths are counted.
import { on } from '../core/seams.ts';
import { notDocumentedCodes } from '../../contract/index.ts';
import { fieldByKey, fieldRule, fieldsWhere } from '../stages/validate-fields.ts';
import { choice, value } from './choice.ts';

const EMAIL = 'recipient_information.email_address';
const PHONES = ['recipient_information.phone_number', 'recipient_information.mobile_number'];

/** .NET's [EmailAddress]: exactly one "@", neither first nor last. */
function dotnetEmail(text: string): boolean {
  const at = text.indexOf('@');
  return at > 0 && at !== text.length - 1 && at === text.lastIndexOf('@');
}

/** RFC-like: the WHATWG form of an address, a local part of at most 64, a dotted domain. */
const STRICT_EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function emailFormat(test: (text: string) => boolean) {
  return on('validate-fields', (s) => {
    const email = fieldByKey(s, EMAIL);
    email.patterns.push({ test, message: `The ${email.display} field is not a valid e-mail address.` });
  });
}

export const FIELD_VALUE_CHOICES = [
  choice('email-format', 'whether email_address must look like an address', [
    value('unchecked', 'not checked'),
    value('dotnet', 'checked like .NET [EmailAddress]: one "@", not first or last', emailFormat(dotnetEmail)),
    value('strict', 'checked strictly (RFC-like); 13400 naming email_address', emailFormat((text) => STRICT_EMAIL.test(text))),
  ]),
  choice('null-optional', '`null` for an optional field', [
    value('absent', 'treated as absent'),
    value('refuse', 'refused with 13400', on('validate-fields', (s) => void (s.nullOptional = 'refuse'))),
  ]),
  choice('whitespace-required', 'a whitespace-only value in a required field', [
    value('value', 'accepted as a value'),
    value('missing', 'refused as missing (13400)', on('validate-fields', (s) => void (s.whitespaceOnlyRequired = 'missing'))),
  ]),
  choice('state-lower-case', 'lower-case state codes (ga)', [
    value('accepted', 'accepted (case-insensitive)'),
    value(
      'refused',
      'refused',
      on('validate-fields', (s) => fieldsWhere(s, (rule) => rule.enum !== undefined).forEach((field) => void (field.enumCaseInsensitive = false))),
    ),
  ]),
  choice('state-dc-territories', 'DC and the territories (the undocumented codes of the contract)', [
    value('accepted', 'accepted'),
    value(
      'refused',
      'refused: only the documented list',
      on('validate-fields', (s) => {
        for (const field of fieldsWhere(s, (rule) => rule.enum !== undefined && notDocumentedCodes(rule.notDocumented).length > 0)) field.enumValues = new Set(field.rule.enum);
      }),
    ),
  ]),
  choice('short-phone-numbers', 'phone numbers shorter than the maximum (10 digits)', [
    value('accepted', 'accepted'),
    value(
      'refused',
      'refused: exactly the maximum',
      on('validate-fields', (s) => {
        for (const key of PHONES) {
          const phone = fieldRule(s, key, 'maxLength');
          phone.minLength = phone.maxLength;
        }
      }),
    ),
  ]),
  choice('unknown-fields', 'request fields the contract does not list', [
    value('ignored', 'ignored'),
    value('refused', 'refused with 13400 naming the field', on('validate-fields', (s) => void (s.unknownFields = 'refuse'))),
  ]),
  choice('length-unit', 'what a maximum length counts', [
    value('utf-16', 'UTF-16 code units (.NET)'),
    value('code-points', 'code points', on('validate-fields', (s) => void (s.lengthUnit = 'code-points'))),
  ]),
];
