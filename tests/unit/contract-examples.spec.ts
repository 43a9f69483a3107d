import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';

const contract = loadContract();

test.describe('the document examples in the contract', () => {
  for (const example of contract.exampleResponses()) {
    test(`${example.name} (${example.apiStatus}) validates against its schema`, () => {
      const verdict = contract.validateResponse(example.apiStatus === 401 ? 401 : 200, example.value);
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ valid: true });
    });
  }

  test('the example request validates against the request schema', () => {
    expect(contract.validateRequest(contract.exampleRequest())).toMatchObject({ valid: true });
  });
});
