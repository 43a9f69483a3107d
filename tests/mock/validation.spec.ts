// Field validation: every rule read from the contract, all failures at once in the documented 13400
// shape, keyed by the field's dotted key, .NET-style messages.
import { deleteIn, notDocumentedCodes, setIn } from '../../src/contract/index.ts';
import { expect, test } from '@playwright/test';
import { pascal } from '../../src/mock/core/field-names.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import {
  contract,
  create,
  harness,
  limitedFields,
  requiredFields,
  tryValueOfLength,
  valueOfLength,
  type Harness,
} from './support.ts';
import { apiStatus } from './answers.ts';

let h: Harness;
test.beforeAll(async () => {
  h = await harness();
});
test.afterAll(async () => h.close());

async function expect13400(body: unknown, fields: Record<string, string[] | RegExp>, label: string, options = {}) {
  const r = await create(h.client, body, options);
  expect(r.status, `${label}: ${r.rawBody}`).toBe(400);
  expect(contract.validateResponse(r.status, r.json), label).toMatchObject({ valid: true, schema: 'ValidationError' });
  expect(r.json, label).toMatchObject({
    status: 13400,
    client_message: 'Field validation error - See data element for validation error details',
    developer_message: 'invalid_request_fields',
  });
  const got = (r.json as { data: Record<string, string[]> }).data;
  for (const [key, want] of Object.entries(fields)) {
    if (want instanceof RegExp) expect(got[key]?.join(' '), `${label}: ${key}`).toMatch(want);
    else expect(got[key], `${label}: ${key}`).toEqual(want);
  }
  return got;
}

async function expect100(body: unknown, label: string, options = {}) {
  const r = await create(h.client, body, options);
  expect(r.status, `${label}: ${r.rawBody}`).toBe(200);
  expect(apiStatus(r), label).toBe(100);
}

test("the document's own 13400 example: missing participant_unique_id1", async () => {
  const body = validSessionBody(contract);
  delete body['participant_unique_id1'];
  const r = await create(h.client, body);
  expect(r.json).toEqual({
    status: 13400,
    client_message: 'Field validation error - See data element for validation error details',
    developer_message: 'invalid_request_fields',
    data: { participant_unique_id1: ['The ParticipantUniqueId1 field is required.'] },
    time: expect.any(Number),
  });
});

test('maximum lengths from the contract: max accepted, max+1 refused with the field named', async () => {
  for (const field of limitedFields()) {
    const max = field.maxLength!;
    if (!field.whiteListed) await expect100(setIn(validSessionBody(contract), field.path, valueOfLength(field, max)), `${field.key} at ${max}`);
    // Over-long beats white-listing: the length rule is a 13400, not a 401.
    // When the pattern itself bounds the length (zip), an over-long value breaks the pattern too.
    const over = tryValueOfLength(field, max + 1);
    const message = `The field ${pascal(field.name)} must be a string with a maximum length of ${max}.`;
    const got = await expect13400(setIn(validSessionBody(contract), field.path, over ?? '1'.repeat(max + 1)), {}, `${field.key} at ${max + 1}`);
    if (over !== undefined) expect(got[field.key]).toEqual([message]);
    else expect(got[field.key]).toContain(message);
  }
});

test('required fields: missing, empty string or null → "The X field is required."', async () => {
  for (const field of requiredFields()) {
    for (const value of [undefined, '', null]) {
      const body = value === undefined ? deleteIn(validSessionBody(contract), field.path) : setIn(validSessionBody(contract), field.path, value);
      const got = await expect13400(body, { [field.key]: [`The ${pascal(field.name)} field is required.`] }, `${field.key} = ${String(value)}`);
      // A missing parent object is one error, not one per child.
      if (field.type === 'object') expect(Object.keys(got)).toEqual([field.key]);
    }
  }
});

test('optional fields may be absent or empty', async () => {
  for (const field of contract.fields.filter((f) => !f.required && f.path.length > 1 && !f.requiredWhen)) {
    await expect100(deleteIn(validSessionBody(contract), field.path), `${field.key} absent`);
    await expect100(setIn(validSessionBody(contract), field.path, ''), `${field.key} empty`);
  }
});

test('wrong JSON types → 13400', async () => {
  const cases: Array<[string[], unknown]> = [
    [['participant_unique_id1'], 12345],
    [['participant_unique_id1'], ['a']],
    [['participant_unique_id2'], { a: 1 }],
    [['host_uri'], true],
    [['recipient_information'], 'Jack'],
    [['recipient_information'], ['Jack']],
    [['recipient_information'], 42],
    [['recipient_information', 'zip_code'], 30313],
    [['recipient_information', 'first_name'], { first: 'Jack' }],
    [['recipient_information', 'phone_number'], 1231231234],
    [['recipient_information', 'state'], false],
  ];
  for (const [path, value] of cases) {
    const field = contract.field(path.join('.'));
    await expect13400(setIn(validSessionBody(contract), path, value), { [field.key]: /must be (a string|an object)/ }, `${path.join('.')} = ${JSON.stringify(value)}`);
  }
});

test('state: every US state from the contract is accepted; non-states are refused', async () => {
  const state = contract.field('recipient_information.state');
  await Promise.all(state.enum!.map((code) => expect100(setIn(validSessionBody(contract), state.path, code), code)));
  for (const bad of ['XX', 'ZZ', 'GAA', '12', 'G', 'G A', 'Georgia']) {
    await expect13400(setIn(validSessionBody(contract), state.path, bad), { [state.key]: /./ }, bad);
  }
});

test('state: undocumented values (DC, territories, lower case) are accepted leniently', async () => {
  const state = contract.field('recipient_information.state');
  for (const value of [...notDocumentedCodes(state.notDocumented), 'ga', 'Ny']) {
    await expect100(setIn(validSessionBody(contract), state.path, value), value);
  }
});

test('zip_code: xxxxx or xxxxx-xxxx only', async () => {
  const zip = contract.field('recipient_information.zip_code');
  for (const good of ['30313', '00000', '30313-1234']) await expect100(setIn(validSessionBody(contract), zip.path, good), good);
  for (const bad of ['3031', '303131', '30313-123', '30313-12345', '30313 1234', 'abcde', '30313-', '-30313', '３０３１３', '30313\n']) {
    await expect13400(setIn(validSessionBody(contract), zip.path, bad), { [zip.key]: /./ }, JSON.stringify(bad));
  }
});

test('phone and mobile numbers: digits only, at most the contract maximum; shorter is accepted', async () => {
  for (const field of contract.fields.filter((f) => f.requirement.format === 'SM-VAL-PHONE-DIGITS')) {
    for (const good of ['1231231234', '123', '0']) await expect100(setIn(validSessionBody(contract), field.path, good), `${field.key} ${good}`);
    for (const bad of ['123-123-1234', '123 123 1234', '(123)1231234', '+11231231234', '123123123a', '12312312345', '１２３']) {
      await expect13400(setIn(validSessionBody(contract), field.path, bad), { [field.key]: /./ }, `${field.key} ${bad}`);
    }
  }
});

test('every broken field is reported at once', async () => {
  const body = validSessionBody(contract);
  delete body['participant_unique_id1'];
  body['participant_unique_id2'] = 'x'.repeat(contract.field('participant_unique_id2').maxLength! + 1);
  body['recipient_information'].first_name = '';
  body['recipient_information'].state = 'XX';
  body['recipient_information'].zip_code = '123';
  body['recipient_information'].phone_number = '12-34';
  const got = await expect13400(body, {}, 'many');
  expect(Object.keys(got).sort()).toEqual(
    ['participant_unique_id1', 'participant_unique_id2', 'recipient_information.first_name', 'recipient_information.state', 'recipient_information.zip_code', 'recipient_information.phone_number'].sort(),
  );
});

test('a body that is not a JSON object → 13400 keyed "body"', async () => {
  for (const raw of ['[]', '"x"', '1', 'null', 'true', '[{"participant_unique_id1":"a"}]']) {
    await expect13400(undefined, { body: /JSON object/ }, raw, { rawBody: Buffer.from(raw) });
  }
});

test('Idempotency-Key: max length from the contract accepted, one more refused keyed by the header name', async () => {
  const { header, maxLength } = contract.idempotencyKey;
  await expect100(validSessionBody(contract), 'key at max', { idempotencyKey: 'k'.repeat(maxLength) });
  await expect13400(validSessionBody(contract), { [header]: [`The field IdempotencyKey must be a string with a maximum length of ${maxLength}.`] }, 'key over max', {
    idempotencyKey: 'k'.repeat(maxLength + 1),
  });
  // Field errors and the key error come together.
  const body = validSessionBody(contract);
  delete body['participant_unique_id1'];
  const got = await expect13400(body, {}, 'both', { idempotencyKey: 'k'.repeat(maxLength + 1) });
  expect(Object.keys(got).sort()).toEqual([header, 'participant_unique_id1'].sort());
});

test('lengths count UTF-16 units, like .NET: accented letters count one each', async () => {
  const field = contract.field('recipient_information.first_name');
  await expect100(setIn(validSessionBody(contract), field.path, 'é'.repeat(field.maxLength!)), 'accented at max');
  await expect13400(setIn(validSessionBody(contract), field.path, 'é'.repeat(field.maxLength! + 1)), { [field.key]: /maximum length/ }, 'accented over');
});
