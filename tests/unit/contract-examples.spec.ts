import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';

const contract = loadContract();
const examples = contract.exampleResponses();
const example = (name: string) => structuredClone(examples.find((e) => e.name === name)!.value) as Record<string, any>;

test.describe('the document examples in the contract', () => {
  test('the contract carries every example the document gives', () => {
    expect(examples.map((e) => `${e.name}:${e.apiStatus}`).sort()).toEqual(
      ['idempotent:101', 'mismatch:13723', 'success:100', 'unauthorized:401', 'validation:13400'],
    );
  });

  for (const ex of examples) {
    test(`${ex.name} (${ex.apiStatus}) validates against its schema`, () => {
      const verdict = contract.validateResponse(ex.apiStatus === 401 ? 401 : 200, ex.value);
      expect(verdict, JSON.stringify(verdict)).toEqual({ valid: true, schema: expect.any(String) });
    });
  }

  test('the example request validates against the request schema', () => {
    expect(contract.validateRequest(contract.exampleRequest())).toMatchObject({ valid: true });
  });
});

test.describe('broken copies of the examples do not validate', () => {
  for (const name of ['success', 'idempotent']) {
    test(`${name}: status as a string`, () => {
      const body = example(name);
      body.status = String(body.status);
      const verdict = contract.validateSchema(name === 'success' ? 'SessionCreated' : 'SessionIdempotent', body);
      expect(verdict.valid).toBe(false);
      expect(verdict.valid === false && verdict.violations.map((v) => `${v.path} ${v.keyword}`)).toContain('/status type');
    });

    test(`${name}: missing session_identifier`, () => {
      const body = example(name);
      delete body.data.session_identifier;
      const verdict = contract.validateResponse(200, body);
      expect(verdict.valid === false && verdict.violations).toEqual([
        { path: '/data/session_identifier', message: 'is required but missing', value: undefined, keyword: 'required' },
      ]);
    });

    test(`${name}: expiry that is not a date`, () => {
      const body = example(name);
      body.data.authorized_url_expiration_utc = '10/12/2019 8:14 PM';
      const verdict = contract.validateResponse(200, body);
      expect(verdict.valid === false && verdict.violations).toEqual([
        expect.objectContaining({ path: '/data/authorized_url_expiration_utc', keyword: 'format', value: '10/12/2019 8:14 PM' }),
      ]);
    });
  }

  test('validation error: data as a list instead of messages keyed by field', () => {
    const body = example('validation');
    body.data = ['The ParticipantUniqueId1 field is required.'];
    expect(contract.validateResponse(400, body).valid).toBe(false);
  });

  test('validation error: a message that is not a list of strings', () => {
    const body = example('validation');
    body.data.participant_unique_id1 = 'The ParticipantUniqueId1 field is required.';
    const verdict = contract.validateResponse(400, body);
    expect(verdict.valid === false && verdict.violations[0]?.path).toBe('/data/participant_unique_id1');
  });

  test('mismatch: data as a string', () => {
    const body = example('mismatch');
    body.data = 'mismatch';
    expect(contract.validateResponse(400, body).valid).toBe(false);
  });

  test('an undocumented body status is a violation naming the status', () => {
    const verdict = contract.validateResponse(200, { ...example('success'), status: 200 });
    expect(verdict.valid === false && verdict.violations[0]).toMatchObject({ path: '/status', value: 200 });
  });
});
