import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { detectDrift } from '../../src/report/drift.ts';

const contract = loadContract();
const example = (name: string) => structuredClone(contract.exampleResponses().find((e) => e.name === name)!.value) as Record<string, any>;

test.describe('contract drift', () => {
  test('the document’s own examples do not drift', () => {
    for (const ex of contract.exampleResponses()) expect(detectDrift(contract, ex.apiStatus === 401 ? 401 : 200, ex.value), ex.name).toEqual([]);
  });

  test('an undeclared field, at the top or in data, is drift', () => {
    const body = example('success');
    body.request_id = 'abc';
    body.data.language_locale_code = 'en-US';
    expect(detectDrift(contract, 200, body)).toEqual([
      { path: 'SessionCreated/request_id', observed: 'undeclared field of type string' },
      { path: 'SessionCreated/data/language_locale_code', observed: 'undeclared field of type string' },
    ]);
  });

  test('a declared field with another type is drift; a whole number where a number is declared is not', () => {
    const body = example('idempotent');
    body.time = '0.8';
    body.data.participant_unique_id2 = null;
    expect(detectDrift(contract, 200, body)).toEqual([
      { path: 'SessionIdempotent/time', observed: 'declared number, got string' },
      { path: 'SessionIdempotent/data/participant_unique_id2', observed: 'declared string, got null' },
    ]);
    expect(detectDrift(contract, 200, { ...example('success'), time: 1 })).toEqual([]);
  });

  test('13400 data is keyed by field: its keys are not drift; a 401 or an undocumented status has nothing to drift from', () => {
    const body = example('validation');
    body.data = { 'recipient_information.state': ['bad'] };
    expect(detectDrift(contract, 400, body)).toEqual([]);
    expect(detectDrift(contract, 401, { anything: 1 })).toEqual([]);
    expect(detectDrift(contract, 200, { status: 999, extra: 1 })).toEqual([]);
  });
});
