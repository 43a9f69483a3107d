import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { collectReferencedRequirementIds } from '../../src/contract/requirements.ts';

const contract = loadContract();

test('requirement ids are unique, stable-looking and carry a statement and a source', () => {
  const ids = contract.requirements.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of contract.requirements) {
    expect(r.id).toMatch(r.kind === 'rule' ? /^SM-[A-Z0-9]+(-[A-Z0-9]+)+$/ : /^OBS-[A-Z0-9]+(-[A-Z0-9]+)+$/);
    expect(r.statement.length, r.id).toBeGreaterThan(10);
    expect(r.source.length, r.id).toBeGreaterThan(5);
  }
});

test('every id the contract references is in the catalog', () => {
  const catalog = new Set(contract.requirements.map((r) => r.id));
  const unknown = [...collectReferencedRequirementIds(contract.document)].filter((id) => !catalog.has(id));
  expect(unknown).toEqual([]);
});

test('every field rule of the document table carries its requirement ids', () => {
  for (const field of contract.fields) {
    if (field.required) expect(field.requirement.required, field.key).toMatch(/^SM-VAL-REQUIRED-/);
    if (field.maxLength !== undefined) expect(field.requirement.maxLength, field.key).toMatch(/^SM-VAL-/);
  }
  expect(contract.field('state').enum).toHaveLength(50);
  expect(contract.field('email_address').requirement.conditional).toBe('SM-VAL-EMAIL-PAYPAL');
  expect(contract.field('host_uri').requirement.whiteList).toBe('SM-HOST-WHITELIST');
});
