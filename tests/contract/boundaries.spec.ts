// Maximum lengths (document: LENGTH column): for every limited field, a value of exactly the maximum is
// accepted and one character more is refused (13400 naming the field). Every value is printable ASCII
// (its length the same in characters, UTF-16 units and bytes) and every email well-formed, so a
// refusal is about the length only. The cases come from the
// generators' boundaryCases (built from the contract); the table in field-rule-tables.ts pins which
// requirement each field's test reports under, and is itself checked against the contract.
import { randomUUID } from 'node:crypto';
import { withValueAt } from '../../src/contract/index.ts';
import { boundaryCases, seededValidRequest } from '../../generators/index.ts';
import { expectCreated, expectRefused, expectValidationError, expectReplay } from '../../src/checks/index.ts';
import { bodyStatus, describeAnswer } from '../../src/client/answer.ts';
import { type Body } from '../../src/harness/bodies.ts';
import { expect, test } from '../../src/harness/fixtures.ts';
import { notChecked } from '../../src/report/annotations.ts';
import { LIMITED } from './field-rule-tables.ts';

test.describe('maximum lengths: max accepted, max+1 refused', () => {
  for (const [key, tag] of LIMITED) {
    test(`${key}: maximum accepted, maximum + 1 refused`, { tag: [tag] }, async ({ api, contract, config }, testInfo) => {
      const id = tag.slice(1);
      const field = contract.field(key);
      const max = field.maxLength!;
      if (field.whiteListed) {
        // No white-listed origin is exactly 200 characters long, so only the refusal of max+1 is
        // checked: the white-listed origin with a path, 201 characters in all. A server that compares
        // origins sees a white-listed host and refuses it for its length (13400 naming host_uri); one that
        // compares strings may check white-listing first and answer 401, which says nothing about the
        // length (the order of checks is not documented): then this rule is not checked, and says why.
        const origin = new URL(config.primary.hostUri).origin;
        const over = `${origin}/${'a'.repeat(max - origin.length)}`;
        expect(over).toHaveLength(max + 1);
        const body = withValueAt(seededValidRequest(contract, api.participant) as unknown as Body, key, over);
        const answer = await api.send(`${key} of ${over.length} characters: the white-listed origin and a path`, body, {
          brokenFields: [key],
          expect: expectRefused([id], `a refusal of ${key} of ${max + 1} characters`),
        });
        if (answer.status === 401) {
          notChecked(testInfo, `${key} of ${max + 1} characters got 401: the server checks white-listing first (or compares exact strings), so its length rule cannot be seen`);
        }
        expect(bodyStatus(answer), `${id}: ${key} of ${max + 1} characters must be refused with 13400 naming it; got ${describeAnswer(answer)}`).toBe(13400);
        testInfo.annotations.push({ type: 'note', description: `${key}: only max+1 is checked; a white-listed origin of exactly ${max} characters does not exist` });
        return;
      }
      const cases = boundaryCases(contract, api.participant, key);
      expect(cases.some((c) => c.expect === 'refused' && c.length === max + 1), `${key}: a case of ${max + 1} characters`).toBe(true);
      expect(cases.some((c) => c.expect === 'accepted' && c.length === max), `${key}: a case of ${max} characters`).toBe(true);
      for (const c of cases) {
        const label = `${key} of ${c.length} characters (${c.expect})`;
        if (c.expect === 'accepted') {
          await api.send(label, c.body, { expect: expectCreated([id], `a session (100) for ${key} of ${c.length} characters`) });
        } else {
          await api.send(label, c.body, { brokenFields: [key], expect: expectValidationError([id], `a refusal (13400) of ${key} of ${c.length} characters`) });
        }
      }
    });
  }

  test('Idempotency-Key: maximum accepted, maximum + 1 refused', { tag: ['@SM-IDEM-KEY-MAXLEN'] }, async ({ api, contract }) => {
    const { header, maxLength } = contract.idempotencyKey;
    const cases = boundaryCases(contract, api.participant, header);
    expect(cases.some((c) => c.expect === 'accepted' && c.length === maxLength)).toBe(true);
    expect(cases.some((c) => c.expect === 'refused' && c.length === maxLength + 1)).toBe(true);
    for (const c of cases) {
      // A fresh key of the case's length, so a rerun within the keys' 2 hours does not replay an old session.
      const key = `${randomUUID()}-`.repeat(Math.ceil(c.length / 37)).slice(0, c.length).replace(/-$/, 'a');
      expect(key).toHaveLength(c.length);
      const label = `${header} of ${c.length} characters (${c.expect})`;
      if (c.expect === 'accepted') {
        await api.send(label, c.body, { idempotencyKey: key, expect: expectCreated(['SM-IDEM-KEY-MAXLEN']) });
        await api.send(`${label}, again`, c.body, { idempotencyKey: key, expect: expectReplay(['SM-IDEM-KEY-MAXLEN'], 'a replay (101): the whole key was kept') });
      } else {
        await api.send(label, c.body, { idempotencyKey: key, expect: expectRefused(['SM-IDEM-KEY-MAXLEN'], `a refusal of a ${c.length}-character key`) });
      }
    }
  });
});
