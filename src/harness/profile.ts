// How many generated cases each property runs, by profile, and how long any check may take. The base
// figures add up to more than 2,000 generated cases across the API suites (default and nightly);
// certification runs 10×; onboarding is a one-minute checklist. Against a paced target (config.maxRps
// set: a shared, non-loopback environment) the default and onboarding profiles are cut to about a
// minute of requests, so a remote default run stays short; nightly and certification keep their full
// counts and get the time they need.
//
// Time limits are written for a fast target and scaled by what this target is: its answer latency
// (measured once per worker, fixtures.ts), the configured request timeout and the pacing. A slow but
// correct server (150-400 ms an answer) must never run out of time and read as infrastructure trouble.
import { isLoopbackHost, type HarnessConfig, type Profile } from '../config/index.ts';

/** The target's answer latency, measured once per worker from a few probe requests (fixtures.ts). */
export interface TargetLatency {
  /** The median of the measured answers, in ms. */
  readonly medianMs: number;
  /** The slowest measured answer, in ms. */
  readonly maxMs: number;
  /** How many answers were measured. */
  readonly samples: number;
}

/** What a time limit depends on. Every part is optional: an unmeasured, unpaced target adds nothing. */
export interface TimeLimitInputs {
  readonly maxRps?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
  readonly targetLatency?: TargetLatency | undefined;
  /** Where the target is: the embedded simulator, or a base URL (loopback or not). Unknown: a slow link. */
  readonly target?: 'mock' | 'remote' | undefined;
  readonly baseUrl?: string | undefined;
}

/** Requests a test without its own limit may send one after another (the largest fixed tests send ~60). */
export const DEFAULT_REQUESTS_PER_TEST = 120;

/** A slow uplink, for the time a large body takes to send to a target over the network: 128 KiB/s. */
const SLOW_LINK_BYTES_PER_MS = 128;
/**
 * The same through loopback (the embedded simulator, a local server): 16 MiB/s, a small fraction of
 * what even a busy machine moves. Allowing a slow uplink there would let a 32 MiB body stall for
 * minutes and still not count as a hang.
 */
const LOOPBACK_BYTES_PER_MS = 16 * 1024;

/** How fast a body may be assumed to travel to this target, in bytes per ms. */
export function uploadBytesPerMs(config: TimeLimitInputs): number {
  const loopback = config.target === 'mock' || (config.baseUrl !== undefined && isLoopbackHost(new URL(config.baseUrl).hostname));
  return loopback ? LOOPBACK_BYTES_PER_MS : SLOW_LINK_BYTES_PER_MS;
}

/**
 * What one request may add to a limit beyond a fast target's: the latency twice over its median (or
 * the slowest probe, if more: jitter), and this worker's pacing interval.
 */
export function perRequestMs(config: TimeLimitInputs, workers = 1): number {
  const latency = config.targetLatency ? Math.max(2 * config.targetLatency.medianMs, config.targetLatency.maxMs) : 0;
  const pacing = config.maxRps !== undefined ? (1000 * Math.max(1, workers)) / config.maxRps : 0;
  return Math.ceil(latency + pacing);
}

/**
 * A test's time limit: `baseMs` (what it needs against a fast target), one whole request timeout (so
 * a request that times out is reported as that, not as the test running out of time), and `requests`
 * requests at this target's pace.
 */
export function timeLimitMs(config: TimeLimitInputs, baseMs: number, requests = DEFAULT_REQUESTS_PER_TEST, workers = 1): number {
  if (baseMs === 0) return 0; // --timeout=0: no limit
  return baseMs + (config.requestTimeoutMs ?? 0) + requests * perRequestMs(config, workers);
}

/**
 * How long a robustness request may go unanswered before it counts as a hang: the configured request
 * timeout, the time the body takes to send (over a slow link, or through loopback), and a few
 * latencies of this target.
 */
export function hangLimitMs(config: TimeLimitInputs & { readonly requestTimeoutMs: number }, bodyBytes: number): number {
  return config.requestTimeoutMs + Math.ceil(bodyBytes / uploadBytesPerMs(config)) + 4 * perRequestMs({ ...config, maxRps: undefined });
}

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
 * A test timeout that fits the runs: unpaced, the default 60 s plus 20 ms a run; paced, the time the
 * requests need at this worker's share of the rate, doubled, plus a minute. On top, when the config
 * carries them: one request timeout, and the target's measured latency for every request.
 */
export function propertyTimeoutMs(config: TimeLimitInputs, runs: number, workers: number, requestsPerCase = REQUESTS_PER_CASE): number {
  const latency = config.targetLatency ? runs * requestsPerCase * perRequestMs({ targetLatency: config.targetLatency }) : 0;
  const extra = (config.requestTimeoutMs ?? 0) + latency;
  if (config.maxRps === undefined) return 60_000 + runs * 20 + extra;
  const perWorkerRps = config.maxRps / Math.max(1, workers);
  return 60_000 + Math.ceil(((runs * requestsPerCase) / perWorkerRps) * 2000) + extra;
}
