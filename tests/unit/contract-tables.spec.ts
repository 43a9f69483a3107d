// The conformance suites' hand-written tables of field rules (tests/contract/field-rule-tables.ts) are
// the contract's: every limited and every required field, under the requirement id the contract gives
// that kind of rule.
import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { LIMITED, REQUIRED } from '../contract/field-rule-tables.ts';

const contract = loadContract();

test('the table of limited fields is the contract’s', { tag: ['@harness'] }, () => {
  const fromContract = contract.fields.filter((f) => f.maxLength !== undefined).map((f) => [f.key, `@${f.requirement.maxLength}`]);
  expect(LIMITED.map(([key, tag]) => [key, tag]).sort()).toEqual(fromContract.sort());
});

test('the table of required fields is the contract’s', { tag: ['@harness'] }, () => {
  const fromContract = contract.fields.filter((f) => f.required).map((f) => [f.key, `@${f.requirement.required}`] as const);
  expect([...REQUIRED].sort()).toEqual([...fromContract].sort());
});
