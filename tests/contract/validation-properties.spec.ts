// Validation properties (fast-check; runs per property from the profile, seed from INGO_SEED):
// - every valid generated request → 100, a well-formed session, expiry = issue time + 30 s by the
//   server's clock (the always-on checks run on every answer);
// - every invalid generated request → 13400 on a 4xx in the documented shape, data naming the broken
//   field (several broken: at least one named; whether all are is recorded as OBS-ERROR-ALL-FIELDS),
//   and no session created — proved by sending a valid request (the document's example with a fresh
//   correlation id) with the same Idempotency-Key next, which must create a new session (100, not 101
//   and not 13723).
// A failure shows fast-check's seed and path (replayable) and the failing exchange as evidence.
// Each property judges its rules one by one (recorder.judgePerRule): a rule passes only if generated
// cases exercised it, and a counterexample fails the rules it broke, not the whole tag list.
import { invalidRequest, propertyParameters, singleRuleViolation, validRequest, type InvalidCase } from '../../generators/index.ts';
import { newIdempotencyKey } from '../../src/client/session-client.ts';
import { defineCheck, expectRefused, expectCreated, expectUnauthorized, type Check } from '../../src/checks/index.ts';
import { bodyStatus, describeAnswer } from '../../src/client/answer.ts';
import { validSessionBody } from '../../src/contract/index.ts';
import type { CheckedClient } from '../../src/harness/checked-client.ts';
import { assertProperty } from '../../src/harness/property.ts';
import { notChecked } from '../../src/report/annotations.ts';
import { expect, test } from '../../src/harness/fixtures.ts';
import type { TestInfo } from '@playwright/test';
import type fc from 'fast-check';
import { propertyRuns, propertyTimeoutMs, type PropertyName } from '../../src/harness/profile.ts';
import type { Contract } from '../../src/contract/index.ts';

const isSuccess = (status: number) => status >= 200 && status < 300;

/** The broken rules are enforced: the request did not create a session (nor replay one). */
function notAccepted(ids: readonly string[], what: string): Check {
  return defineCheck('notAccepted', ids, (exchange, _context, emit) => {
    const status = bodyStatus(exchange);
    if (isSuccess(exchange.status) && (status === 100 || status === 101)) emit.fail(`expected a refusal of ${what}, got ${describeAnswer(exchange)}: the request was accepted`);
  });
}

/**
 * A refusal of a broken field is the documented 13400 (SM-RESP-ERROR-SHAPE). An acceptance is the
 * broken rule's failure (notAccepted) and a 5xx is SM-ROBUST-NO-5XX's (always on): neither is
 * counted against the error shape as well.
 */
const refusedWith13400 = defineCheck('refusedWith13400', ['SM-RESP-ERROR-SHAPE'], (exchange, _context, emit) => {
  const status = bodyStatus(exchange);
  if (exchange.status >= 500 || (isSuccess(exchange.status) && (status === 100 || status === 101))) return;
  if (status !== 13400) emit.fail(`a broken field was refused with ${describeAnswer(exchange)}, not with the documented 13400`);
});

/** What a broken request must get: 401 for a host that is not white-listed, a 4xx for an over-long key, else 13400. */
function refusalOf(contract: Contract, c: InvalidCase): { check: Check[]; naming: boolean } {
  const ids = c.requirementIds.length > 0 ? c.requirementIds : ['SM-RESP-ERROR-SHAPE'];
  const overlongKey = c.idempotencyKey !== undefined && c.idempotencyKey.length > contract.idempotencyKey.maxLength;
  const onlyHost = c.requirementIds.every((id) => id === 'SM-HOST-WHITELIST');
  if (onlyHost && c.requirementIds.length > 0) return { check: [expectUnauthorized(ids, `401 for ${c.description}`)], naming: false };
  if (overlongKey || c.requirementIds.includes('SM-HOST-WHITELIST')) return { check: [expectRefused(ids, `a refusal of ${c.description}`)], naming: !overlongKey };
  return { check: [notAccepted(ids, c.description), refusedWith13400], naming: true };
}

/** Sends a broken request, then proves no session was created (its key still creates one: 100). */
async function refusedAndNothingStored(api: CheckedClient, contract: Contract, c: InvalidCase, followUp: unknown): Promise<void> {
  const key = c.idempotencyKey ?? newIdempotencyKey();
  const { check, naming } = refusalOf(contract, c);
  await api.send(`invalid: ${c.description}`, c.body, { idempotencyKey: key, expect: check, ...(naming && { brokenFields: c.brokenFields }) });
  if (key.length > contract.idempotencyKey.maxLength) return; // the key itself is refused; nothing could have been stored under it
  await api.send(`valid follow-up with the key of: ${c.description}`, followUp, {
    idempotencyKey: key,
    expect: expectCreated(['SM-IDEM-FAILED-NOT-STORED'], 'a new session (100): the refused request must not have stored its key or created a session'),
  });
}

function describeRun(testInfo: { annotations: Array<{ type: string; description?: string }> }, name: PropertyName, runs: number, seed: unknown): void {
  testInfo.annotations.push({ type: 'property', description: `${name}: ${runs} generated cases, seed ${String(seed)}` });
}

/** The rules of a test's tags: each property decides them one by one. */
function tagRules(testInfo: TestInfo): string[] {
  return testInfo.tags.filter((t) => t.startsWith('@SM-')).map((t) => t.slice(1));
}

/**
 * The valid-request property: every generated request for this participant creates a session (100).
 * On each created session the always-on checks asserted the rest of the tags (expiry, JSON, no 5xx).
 */
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
  const rules = tagRules(testInfo);
  checked.recorder.judgePerRule(rules, { unexercised: 'no generated request created a session' });
  await assertProperty(
    validRequest(contract, checked.participant),
    async (body) => {
      await checked.send(label, body, { expect: expectCreated(['SM-RESP-SUCCESS-SHAPE']) });
      checked.recorder.exercised(rules.filter((id) => id !== 'SM-RESP-SUCCESS-SHAPE'));
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
  const paypal = 'SM-VAL-EMAIL-PAYPAL';
  checked.recorder.judgePerRule(tagRules(testInfo), {
    unexercised: `no generated case broke it (up to ${runs} cases)`,
    ...(!checked.participant.paypal_enabled && { notApplicable: { [paypal]: 'the participant is not PayPal-enabled, so no request of it can break the PayPal email rule (INGO_PAYPAL_ENABLED)' } }),
  });
  await assertProperty(
    cases,
    async (bad) => {
      await refusedAndNothingStored(checked, contract, bad, validSessionBody(contract, { participant: checked.participant }));
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
    { tag: ['@SM-RESP-SUCCESS-SHAPE', '@SM-RESP-EXPIRY'] },
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
