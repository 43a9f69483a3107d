// Validation properties (fast-check; runs per property from the profile, seed from INGO_SEED):
// - every valid generated request → 100, a well-formed session, expiry = issue time + 30 s by the
//   server's clock (the always-on checks run on every answer);
// - every invalid generated request → 13400 on a 4xx in the documented shape, data naming the broken
//   field (several broken: at least one named; whether all are is recorded as OBS-ERROR-ALL-FIELDS),
//   and no session created — proved by sending a valid request (the document's example with a fresh
//   correlation id) with the same Idempotency-Key next, which must create a new session (100, not 101
//   and not 13723).
// A failure shows fast-check's seed and path (replayable) and the failing exchange as evidence.
import { invalidRequest, propertyParameters, singleRuleViolation, validRequest, type InvalidCase } from '../../generators/index.ts';
import { newIdempotencyKey } from '../../src/client/session-client.ts';
import { expectClientError, expectCreated, expectRefusedField, expectUnauthorized, type Check } from '../../src/checks/index.ts';
import { validBody } from '../../src/harness/bodies.ts';
import type { CheckedClient } from '../../src/harness/checked-client.ts';
import { assertProperty } from '../../src/harness/property.ts';
import { notChecked } from '../../src/report/annotations.ts';
import { expect, test } from '../../src/harness/fixtures.ts';
import type { TestInfo } from '@playwright/test';
import type fc from 'fast-check';
import { propertyRuns, propertyTimeoutMs, type PropertyName } from '../../src/harness/profile.ts';
import type { Contract } from '../../src/contract/index.ts';

/** What a broken request must get: 401 for a host that is not white-listed, a 4xx for an over-long key, else 13400. */
function refusalOf(contract: Contract, c: InvalidCase): { check: Check; naming: boolean } {
  const ids = c.requirementIds.length > 0 ? c.requirementIds : ['SM-RESP-ERROR-SHAPE'];
  const overlongKey = c.idempotencyKey !== undefined && c.idempotencyKey.length > contract.idempotencyKey.maxLength;
  const onlyHost = c.requirementIds.every((id) => id === 'SM-HOST-WHITELIST');
  if (onlyHost && c.requirementIds.length > 0) return { check: expectUnauthorized(ids, `401 for ${c.description}`), naming: false };
  if (overlongKey || c.requirementIds.includes('SM-HOST-WHITELIST')) return { check: expectClientError(ids, `a refusal of ${c.description}`), naming: !overlongKey };
  return { check: expectRefusedField([...ids, 'SM-RESP-ERROR-SHAPE'], `a refusal (13400) of ${c.description}`), naming: true };
}

/** Sends a broken request, then proves no session was created (its key still creates one: 100). */
async function refusedAndNothingStored(api: CheckedClient, contract: Contract, c: InvalidCase, followUp: unknown): Promise<void> {
  const key = c.idempotencyKey ?? newIdempotencyKey();
  const { check, naming } = refusalOf(contract, c);
  await api.send(`invalid: ${c.description}`, c.body, { idempotencyKey: key, expect: check, ...(naming && { brokenFields: c.brokenFields }) });
  if (key.length > contract.idempotencyKey.maxLength) return; // the key itself is refused; nothing could have been stored under it
  await api.send(`valid follow-up with the key of: ${c.description}`, followUp, {
    idempotencyKey: key,
    expect: expectCreated(['SM-IDEM-FAILED-NOT-STORED', 'SM-RESP-ERROR-SHAPE'], 'a new session (100): the refused request must not have stored its key or created a session'),
  });
}

function describeRun(testInfo: { annotations: Array<{ type: string; description?: string }> }, name: PropertyName, runs: number, seed: unknown): void {
  testInfo.annotations.push({ type: 'property', description: `${name}: ${runs} generated cases, seed ${String(seed)}` });
}

/** The valid-request property: every generated request for this participant creates a session (100). */
async function everyValidRequestCreated(
  api: CheckedClient,
  name: PropertyName,
  label: string,
  config: Parameters<typeof propertyRuns>[0],
  contract: Contract,
  testInfo: TestInfo,
): Promise<void> {
  const runs = propertyRuns(config, name);
  test.setTimeout(propertyTimeoutMs(config, runs, testInfo.config.workers, 1));
  const checked = api.withEvidence('failures');
  const parameters = propertyParameters(runs);
  describeRun(testInfo, name, runs, parameters.seed);
  await assertProperty(
    validRequest(contract, checked.participant),
    async (body) => {
      await checked.send(label, body, { expect: expectCreated(['SM-RESP-SUCCESS-SHAPE']) });
    },
    parameters,
  );
  expect(checked.recorder.exchanges).toBeGreaterThanOrEqual(runs);
}

/** The invalid-request properties: every generated broken request is refused, and stores nothing. */
async function everyBrokenRequestRefused(
  api: CheckedClient,
  name: PropertyName,
  cases: fc.Arbitrary<InvalidCase>,
  config: Parameters<typeof propertyRuns>[0],
  contract: Contract,
  testInfo: TestInfo,
): Promise<void> {
  const runs = propertyRuns(config, name);
  test.setTimeout(propertyTimeoutMs(config, runs, testInfo.config.workers));
  const checked = api.withEvidence('failures');
  const parameters = propertyParameters(runs);
  describeRun(testInfo, name, runs, parameters.seed);
  await assertProperty(
    cases,
    async (bad) => {
      await refusedAndNothingStored(checked, contract, bad, validBody(contract, checked.participant));
    },
    parameters,
  );
}

test.describe('validation properties', () => {
  test(
    'every valid generated request (primary participant) → 100, well-formed, expiring 30 s after issue',
    { tag: ['@SM-RESP-SUCCESS-SHAPE', '@SM-RESP-EXPIRY', '@SM-RESP-JSON', '@SM-ROBUST-NO-5XX'] },
    async ({ fastApi: api, config, contract }, testInfo) => {
      await everyValidRequestCreated(api, 'validPrimary', 'generated valid request', config, contract, testInfo);
    },
  );

  test(
    'every valid generated request (secondary participant) → 100',
    { tag: ['@SM-RESP-SUCCESS-SHAPE', '@SM-RESP-EXPIRY', '@SM-VAL-EMAIL-PAYPAL'] },
    async ({ fastSecondaryApi: secondaryApi, config, contract }, testInfo) => {
      if (!secondaryApi) notChecked(testInfo, 'no secondary participant configured (INGO_SECONDARY_*)');
      await everyValidRequestCreated(secondaryApi, 'validSecondary', 'generated valid request (secondary)', config, contract, testInfo);
    },
  );

  test(
    'every request breaking one rule → 13400 naming the field, and no session created',
    {
      tag: [
        '@SM-RESP-ERROR-SHAPE',
        '@SM-IDEM-FAILED-NOT-STORED',
        '@SM-VAL-TYPES',
        '@SM-VAL-REQUIRED-PARTICIPANT-UNIQUE-ID1',
        '@SM-VAL-REQUIRED-RECIPIENT-INFORMATION',
        '@SM-VAL-REQUIRED-FIRST-NAME',
        '@SM-VAL-REQUIRED-LAST-NAME',
        '@SM-VAL-REQUIRED-ADDRESS-LINE1',
        '@SM-VAL-REQUIRED-CITY',
        '@SM-VAL-REQUIRED-STATE',
        '@SM-VAL-REQUIRED-ZIP-CODE',
        '@SM-VAL-STATE',
        '@SM-VAL-ZIP',
        '@SM-VAL-PHONE-DIGITS',
        '@SM-VAL-EMAIL-PAYPAL',
      ],
    },
    async ({ fastApi: api, config, contract }, testInfo) => {
      await everyBrokenRequestRefused(api, 'singleRule', singleRuleViolation(contract, api.participant), config, contract, testInfo);
    },
  );

  test(
    'every request breaking one or more rules → 13400 naming a broken field, and no session created',
    { tag: ['@SM-RESP-ERROR-SHAPE', '@SM-IDEM-FAILED-NOT-STORED', '@OBS-ERROR-ALL-FIELDS'] },
    async ({ fastApi: api, config, contract }, testInfo) => {
      await everyBrokenRequestRefused(api, 'multiRule', invalidRequest(contract, api.participant, { maxBroken: 4 }), config, contract, testInfo);
    },
  );
});
