// The conformance suites' tables of documented field rules: which requirement each field's test reports
// under. Written out by hand, so the tags are fixed where the tests are declared, and checked against
// the contract by tests/unit/contract-tables.spec.ts.

/** Every field with a maximum length, and the requirement its length rule belongs to. */
export const LIMITED = [
  ['participant_unique_id1', '@SM-VAL-MAXLEN-PARTICIPANT-UNIQUE-ID1'],
  ['participant_unique_id2', '@SM-VAL-MAXLEN-PARTICIPANT-UNIQUE-ID2'],
  ['host_uri', '@SM-VAL-MAXLEN-HOST-URI'],
  ['recipient_information.first_name', '@SM-VAL-MAXLEN-FIRST-NAME'],
  ['recipient_information.last_name', '@SM-VAL-MAXLEN-LAST-NAME'],
  ['recipient_information.address_line1', '@SM-VAL-MAXLEN-ADDRESS-LINE1'],
  ['recipient_information.address_line2', '@SM-VAL-MAXLEN-ADDRESS-LINE2'],
  ['recipient_information.city', '@SM-VAL-MAXLEN-CITY'],
  ['recipient_information.state', '@SM-VAL-STATE'],
  ['recipient_information.zip_code', '@SM-VAL-ZIP'],
  ['recipient_information.email_address', '@SM-VAL-MAXLEN-EMAIL-ADDRESS'],
  ['recipient_information.phone_number', '@SM-VAL-PHONE-DIGITS'],
  ['recipient_information.mobile_number', '@SM-VAL-PHONE-DIGITS'],
] as const;

/** The required fields and their requirement tags . */
export const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['participant_unique_id1', '@SM-VAL-REQUIRED-PARTICIPANT-UNIQUE-ID1'],
  ['recipient_information', '@SM-VAL-REQUIRED-RECIPIENT-INFORMATION'],
  ['recipient_information.first_name', '@SM-VAL-REQUIRED-FIRST-NAME'],
  ['recipient_information.last_name', '@SM-VAL-REQUIRED-LAST-NAME'],
  ['recipient_information.address_line1', '@SM-VAL-REQUIRED-ADDRESS-LINE1'],
  ['recipient_information.city', '@SM-VAL-REQUIRED-CITY'],
  ['recipient_information.state', '@SM-VAL-REQUIRED-STATE'],
  ['recipient_information.zip_code', '@SM-VAL-REQUIRED-ZIP-CODE'],
];
