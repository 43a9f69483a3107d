// How many generated cases each property runs, by profile. The base figures add up to more than 2,000
// generated cases across the API suites (default and nightly); certification runs 10×; onboarding is a
// one-minute checklist. Against a paced target (config.maxRps set: a shared, non-loopback environment)
// the default and onboarding profiles are cut to about a minute of requests, so a remote default run
// stays short; nightly and certification keep their full counts and get the time they need.
import type { HarnessConfig, Profile } from '../config/index.ts';

/** Base runs per property (default profile, unpaced). */
export const BASE_RUNS = {
  /** validation-properties: valid requests of the primary participant → 100. */
  validPrimary: 600,
  /** validation-properties: valid requests of the secondary participant (email optional when not PayPal). */
  validSecondary: 150,
  /** validation-properties: requests breaking one rule → 13400 naming the field, no session. */
  singleRule: 800,
  /** validation-properties: requests breaking one or more rules. */
  multiRule: 600,
  /** host: generated look-alike host_uri values → 401. */
  foreignHost: 100,
} as const;

export type PropertyName = keyof typeof BASE_RUNS;

const FACTOR: Readonly<Record<Profile, number>> = { default: 1, onboarding: 0.02, nightly: 1, certification: 10 };

/** Seconds of paced requests a default remote run spends on properties, in total. */
const PACED_BUDGET_SECONDS = 60;
/** Requests a generated case sends on average (an invalid case is followed by a valid one). */
const REQUESTS_PER_CASE = 2;

export function propertyRuns(config: Pick<HarnessConfig, 'profile' | 'maxRps'>, property: PropertyName): number {
  const base = BASE_RUNS[property];
  let runs = Math.ceil(base * FACTOR[config.profile]);
  if (config.maxRps !== undefined && (config.profile === 'default' || config.profile === 'onboarding')) {
    const total = Object.values(BASE_RUNS).reduce((a, b) => a + b, 0);
    const affordable = (config.maxRps * PACED_BUDGET_SECONDS) / REQUESTS_PER_CASE;
    runs = Math.min(runs, Math.ceil((base / total) * affordable));
  }
  return Math.max(5, runs);
}

/** The total of generated cases the validation properties run under this configuration. */
export function totalPropertyRuns(config: Pick<HarnessConfig, 'profile' | 'maxRps'>, withSecondary: boolean): number {
  return (Object.keys(BASE_RUNS) as PropertyName[])
    .filter((name) => withSecondary || name !== 'validSecondary')
    .reduce((sum, name) => sum + propertyRuns(config, name), 0);
}

/**
 * A test timeout that fits the runs: unpaced, the default 60 s; paced, the time the requests need at
 * this worker's share of the rate, doubled, plus a minute.
 */
export function propertyTimeoutMs(config: Pick<HarnessConfig, 'maxRps'>, runs: number, workers: number, requestsPerCase = REQUESTS_PER_CASE): number {
  if (config.maxRps === undefined) return 60_000 + runs * 20;
  const perWorkerRps = config.maxRps / Math.max(1, workers);
  return 60_000 + Math.ceil(((runs * requestsPerCase) / perWorkerRps) * 2000);
}
