import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { contractFromText, loadContract } from '../../src/contract/index.ts';
import { readFileSync } from 'node:fs';
import { boundaryCases, invalidRequest, propertyParameters, reproduceHint, seedFromEnv, validRequest, type CreateSessionRequest } from '../../generators/index.ts';
import { NOT_PAYPAL, PAYPAL } from './support.ts';

const contract = loadContract();

test.describe('the seed', () => {
  test('comes from --seed, else INGO_SEED, else one random seed for the whole process', () => {
    expect(seedFromEnv({ INGO_SEED: '42' }, [])).toEqual({ seed: 42, source: 'INGO_SEED' });
    expect(seedFromEnv({ INGO_SEED: '-7' }, [])).toEqual({ seed: -7, source: 'INGO_SEED' });
    expect(seedFromEnv({ INGO_SEED: '42' }, ['node', 'bench', '--seed', '7'])).toEqual({ seed: 7, source: '--seed' });
    expect(seedFromEnv({}, ['--seed=8'])).toEqual({ seed: 8, source: '--seed' });
    const random = seedFromEnv({}, []);
    expect(random.source).toBe('random');
    expect(seedFromEnv({}, [])).toEqual(random);
    expect(Number.isInteger(random.seed)).toBe(true);
  });

  test('refuses what is not a 32-bit whole number', () => {
    for (const bad of ['abc', '1.5', '4294967296', '12abc']) {
      expect(() => seedFromEnv({ INGO_SEED: bad }, []), bad).toThrow(/INGO_SEED: must be a 32-bit whole number/);
    }
    expect(() => propertyParameters(10, { INGO_SEED: '1', INGO_SEED_PATH: '1:x' }, [])).toThrow(/INGO_SEED_PATH/);
  });
});

test.describe('determinism', () => {
  test('the same seed gives the same requests, valid and invalid; another seed others', () => {
    const run = (seed: number) => ({
      valid: fc.sample(validRequest(contract, PAYPAL), { seed, numRuns: 200 }),
      invalid: fc.sample(invalidRequest(contract, NOT_PAYPAL), { seed, numRuns: 200 }),
    });
    expect(run(123)).toEqual(run(123));
    expect(run(124).valid).not.toEqual(run(123).valid);
  });

  test('a freshly compiled copy of the same contract gives the same requests and boundaries', () => {
    const copy = contractFromText(readFileSync(contract.path, 'utf8'));
    expect(fc.sample(validRequest(copy, PAYPAL), { seed: 5, numRuns: 100 })).toEqual(fc.sample(validRequest(contract, PAYPAL), { seed: 5, numRuns: 100 }));
    expect(fc.sample(invalidRequest(copy, PAYPAL), { seed: 5, numRuns: 100 })).toEqual(fc.sample(invalidRequest(contract, PAYPAL), { seed: 5, numRuns: 100 }));
    expect(boundaryCases(copy, PAYPAL)).toEqual(boundaryCases(contract, PAYPAL));
  });
});

test.describe('a failing property', () => {
  // A property some generated recipients break: last names with an apostrophe.
  const property = fc.property(validRequest(contract, NOT_PAYPAL), (b) => !b.recipient_information.last_name.includes("'"));
  let first: fc.RunDetails<[CreateSessionRequest]>;
  test.beforeAll(() => {
    first = fc.check(property, { seed: 42, numRuns: 1000 });
  });

  test('shrinks to a minimal counterexample: required fields only, plain values', () => {
    expect(first.failed).toBe(true);
    const [body] = first.counterexample!;
    expect(Object.keys(body).sort()).toEqual(['participant_unique_id1', 'recipient_information']);
    expect(Object.keys(body.recipient_information).sort()).toEqual(['address_line1', 'city', 'first_name', 'last_name', 'state', 'zip_code']);
    expect(body.recipient_information.last_name).toMatch(/^[OD]'[A-Z][a-z]+$/);
  });

  test('replays from INGO_SEED and INGO_SEED_PATH straight to the same counterexample', () => {
    const env = { INGO_SEED: String(first.seed), INGO_SEED_PATH: first.counterexamplePath! };
    const replay = fc.check(property, { ...propertyParameters(1000, env, []), plugins: [] });
    expect(replay.failed).toBe(true);
    expect(replay.numRuns).toBe(1);
    expect(replay.counterexample).toEqual(first.counterexample);
  });

  test('says how to reproduce it', () => {
    const hint = reproduceHint({ seed: first.seed, path: first.counterexamplePath });
    expect(hint).toBe(`reproduce with INGO_SEED=42 INGO_SEED_PATH=${first.counterexamplePath}`);
    expect(() => fc.assert(property, propertyParameters(1000, { INGO_SEED: '42' }, []))).toThrow(hint);
    expect(reproduceHint({ seed: 9 })).toBe('reproduce with INGO_SEED=9');
  });
});

test('a failing property leads with the check\'s message and masks the generated people in its counterexample', () => {
  const contract = loadContract();
  let seen: CreateSessionRequest | undefined;
  let message = '';
  try {
    fc.assert(
      fc.property(validRequest(contract, PAYPAL), (request) => {
        seen = request;
        throw new Error('check X failed');
      }),
      propertyParameters(5, { INGO_SEED: '42' }, []),
    );
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message.split('\n')[0]).toBe('Property failed after 1 run(s): check X failed');
  expect(message).toContain('reproduce with INGO_SEED=42 INGO_SEED_PATH=');
  const recipient = seen!.recipient_information;
  for (const value of [recipient.first_name, recipient.last_name, recipient.address_line1, recipient.city]) {
    if (value.length >= 2) expect(message).not.toContain(JSON.stringify(value));
  }
  expect(message).toMatch(/"first_name":".\*\*\*\[\d+\]"/);
});
