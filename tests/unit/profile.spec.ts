// Unit tests of the property-run sizing: at least 2,000 generated cases in the default and nightly
// profiles, 10× in certification, a short run against a paced (shared, non-loopback) target.
import { expect, test } from '../../src/harness/fixtures.ts';
import { BASE_RUNS, propertyRuns, propertyTimeoutMs, totalPropertyRuns, type PropertyName } from '../../src/harness/profile.ts';

const names = Object.keys(BASE_RUNS) as PropertyName[];

test.describe('property runs per profile', { tag: ['@harness'] }, () => {
  test('default and nightly run at least 2,000 generated cases against an unpaced target', () => {
    for (const profile of ['default', 'nightly'] as const) {
      expect(totalPropertyRuns({ profile }, false)).toBeGreaterThanOrEqual(2000);
      expect(totalPropertyRuns({ profile }, true)).toBeGreaterThanOrEqual(2000);
    }
  });

  test('certification runs 10× the default', () => {
    for (const name of names) expect(propertyRuns({ profile: 'certification' }, name)).toBe(10 * propertyRuns({ profile: 'default' }, name));
  });

  test('against a paced target the default run stays short; nightly and certification keep their counts', () => {
    const paced = { profile: 'default' as const, maxRps: 5 };
    const total = totalPropertyRuns(paced, true);
    expect(total).toBeLessThanOrEqual(5 * 60); // about a minute of requests at 5/s, 2 requests a case
    expect(total).toBeGreaterThanOrEqual(names.length * 5);
    expect(totalPropertyRuns({ profile: 'nightly', maxRps: 5 }, true)).toBe(totalPropertyRuns({ profile: 'nightly' }, true));
    expect(propertyRuns({ profile: 'onboarding' }, 'validPrimary')).toBeLessThan(50);
  });

  test('a paced property gets the time its requests need', () => {
    const runs = propertyRuns({ profile: 'nightly' }, 'singleRule');
    // 800 cases × 2 requests at 5/s over 2 workers: 640 s of requests, doubled, plus a minute.
    expect(propertyTimeoutMs({ maxRps: 5 }, runs, 2)).toBe(60_000 + 1_280_000);
    expect(propertyTimeoutMs({}, runs, 2)).toBeLessThan(120_000);
  });
});
