// One typed configuration object from the environment (and .env through dotenv). Bad values fail
// fast with a one-line ConfigError naming the variable; the secret is never enumerable, so it does
// not end up in JSON, logs or util.inspect output by accident. Every setting here acts: each one's
// effect is proven by tests/unit/config-honoured.spec.ts.
import { loadContract, type HmacAlgorithmName } from '../contract/index.ts';
import { PERSONALITIES } from '../mock/personality/personalities.ts';
import { DEMO_PRIMARY, DEMO_SECONDARY } from './demo-participants.ts';
import { ConfigError } from './errors.ts';
import { bool, integer, isLoopbackHost, oneOf, positiveNumber, text, url, type Env } from './parse.ts';

export { ConfigError } from './errors.ts';
export { isLoopbackHost } from './parse.ts';
export type { Participant } from './demo-participants.ts';
export { DEMO_PARTICIPANTS, DEMO_PRIMARY, DEMO_SECONDARY } from './demo-participants.ts';

export const TARGETS = ['mock', 'remote'] as const;
export type Target = (typeof TARGETS)[number];
export const PROFILES = ['default', 'onboarding', 'nightly', 'certification'] as const;
export type Profile = (typeof PROFILES)[number];
const ALGORITHMS = ['hmac-sha512', 'hmac-sha256'] as const;

export interface ParticipantConfig {
  readonly username: string;
  /** Not enumerable: never serialised or printed. */
  readonly secret: string;
  readonly algorithm: HmacAlgorithmName;
  /** A white-listed host origin of this participant. */
  readonly hostUri: string;
  readonly paypalEnabled: boolean;
}

export interface HarnessConfig {
  readonly target: Target;
  /** The API's base URL in remote mode; in mock mode the simulator's, known once it has started. */
  readonly baseUrl?: string;
  readonly primary: ParticipantConfig;
  readonly secondary?: ParticipantConfig;
  /** The property-test seed; undefined means "pick one at random and record it". */
  readonly seed?: number;
  readonly profile: Profile;
  /** Requests per second against the target; undefined means unpaced (loopback targets). */
  readonly maxRps?: number;
  readonly concurrency: number;
  /** Whether `concurrency` caps the requests in flight: a paced target, or INGO_CONCURRENCY given (loopback otherwise only sizes the pool). */
  readonly capConcurrency: boolean;
  readonly requestTimeoutMs: number;
  /** Text that marks the real plug-in's expired page (remote mode). */
  readonly pluginExpiredText?: string;
  /** Mock mode only: fault modes the embedded simulator runs with (detection-power runs). */
  readonly mockFaults: readonly string[];
  /** Mock mode only: the personality the embedded simulator plays (detection-power runs); default "default". */
  readonly mockPersonality: string;
}

export function loadConfig(env: Env = process.env): HarnessConfig {
  const target = oneOf(env, 'INGO_TARGET', TARGETS, 'mock');
  const remote = target === 'remote';
  const base = url(env, 'INGO_BASE_URL');
  if (remote && !base) throw new ConfigError('INGO_BASE_URL', 'is required when INGO_TARGET=remote (e.g. https://iip-session-management-uat.ingo.money)');
  const algorithm = oneOf(env, 'INGO_HMAC_ALGORITHM', ALGORITHMS, 'hmac-sha512');

  const primary = participant(env, '', remote ? undefined : DEMO_PRIMARY, algorithm);
  const secondary = secondaryParticipant(env, remote, algorithm);

  retiredLifetimes(env);
  const loopback = base ? isLoopbackHost(base.hostname) : true;
  const maxRps = loopback && text(env, 'INGO_MAX_RPS') === undefined ? undefined : positiveNumber(env, 'INGO_MAX_RPS', 5);
  const seed = integer(env, 'INGO_SEED');
  const expiredText = text(env, 'INGO_PLUGIN_EXPIRED_TEXT');
  return {
    target,
    ...(remote && base && { baseUrl: base.toString().replace(/\/$/, '') }),
    primary,
    ...(secondary && { secondary }),
    ...(seed !== undefined && { seed }),
    profile: oneOf(env, 'INGO_PROFILE', PROFILES, 'default'),
    ...(maxRps !== undefined && { maxRps }),
    concurrency: positiveNumber(env, 'INGO_CONCURRENCY', loopback ? 16 : 4, { integer: true }),
    capConcurrency: maxRps !== undefined || text(env, 'INGO_CONCURRENCY') !== undefined,
    requestTimeoutMs: positiveNumber(env, 'INGO_REQUEST_TIMEOUT_MS', 10_000, { integer: true }),
    ...(expiredText && { pluginExpiredText: expiredText }),
    mockFaults: faultList(env, remote),
    mockPersonality: mockPersonality(env, remote),
  };
}

function participant(
  env: Env,
  prefix: '' | 'SECONDARY_',
  demo: { username: string; secret: string; host_uris: readonly string[]; paypal_enabled: boolean } | undefined,
  algorithm: HmacAlgorithmName,
): ParticipantConfig {
  const name = (suffix: string) => (suffix === 'HOST_URI' ? `INGO_${prefix}HOST_URI` : `INGO_${prefix}HMAC_${suffix}`);
  const username = text(env, name('USERNAME')) ?? demo?.username;
  const secret = env[name('SECRET')] || demo?.secret;
  const hostUri = url(env, name('HOST_URI'), { originOnly: true })?.origin ?? demo?.host_uris[0];
  if (!username) throw new ConfigError(name('USERNAME'), 'is required when INGO_TARGET=remote');
  if (!secret) throw new ConfigError(name('SECRET'), 'is required when INGO_TARGET=remote');
  if (!hostUri) throw new ConfigError(name('HOST_URI'), 'is required when INGO_TARGET=remote (a white-listed host origin, e.g. https://app.example.com)');
  const paypalEnabled = bool(env, `INGO_${prefix}PAYPAL_ENABLED`, demo?.paypal_enabled ?? false);
  const config = { username, algorithm, hostUri, paypalEnabled } as ParticipantConfig;
  Object.defineProperty(config, 'secret', { value: secret, enumerable: false });
  return Object.freeze(config);
}

function secondaryParticipant(env: Env, remote: boolean, algorithm: HmacAlgorithmName): ParticipantConfig | undefined {
  const names = ['INGO_SECONDARY_HMAC_USERNAME', 'INGO_SECONDARY_HMAC_SECRET', 'INGO_SECONDARY_HOST_URI'];
  const given = names.filter((n) => text(env, n) !== undefined);
  if (given.length === 0) return remote ? undefined : participant(env, 'SECONDARY_', DEMO_SECONDARY, algorithm);
  if (remote && given.length < names.length) {
    const missing = names.find((n) => !given.includes(n))!;
    throw new ConfigError(missing, `is required when any INGO_SECONDARY_* variable is set (${given.join(', ')} given)`);
  }
  return participant(env, 'SECONDARY_', remote ? undefined : DEMO_SECONDARY, algorithm);
}

/**
 * The URL and idempotency-key lifetimes are the document's (30 s, 2 hours), read from the contract:
 * the harness judges those, not a number of the user's. The variables that once changed them (and
 * changed only part of what they named) are accepted with the documented value, so an .env copied
 * from an older .env.example keeps working, and refused with any other.
 */
function retiredLifetimes(env: Env): void {
  const contract = loadContract();
  const lifetimes: Array<[string, number, string]> = [
    ['INGO_URL_TTL_SECONDS', contract.urlTtlSeconds, 'authorized URL lifetime'],
    ['INGO_IDEMPOTENCY_TTL_SECONDS', contract.idempotencyKey.ttlSeconds, 'idempotency key lifetime'],
  ];
  for (const [name, documented, what] of lifetimes) {
    const value = text(env, name);
    if (value !== undefined && Number(value) !== documented) {
      throw new ConfigError(name, `is no longer a setting: the harness checks the document's ${what} (${documented} s); remove it (got "${value}")`);
    }
  }
}

function faultList(env: Env, remote: boolean): string[] {
  const value = text(env, 'INGO_MOCK_FAULTS');
  if (value === undefined) return [];
  if (remote) throw new ConfigError('INGO_MOCK_FAULTS', 'only applies when INGO_TARGET=mock (it breaks the embedded simulator on purpose)');
  return value.split(',').map((f) => f.trim()).filter(Boolean);
}

function mockPersonality(env: Env, remote: boolean): string {
  const value = text(env, 'INGO_MOCK_PERSONALITY');
  if (value === undefined) return 'default';
  if (remote) throw new ConfigError('INGO_MOCK_PERSONALITY', 'only applies when INGO_TARGET=mock (it picks the embedded simulator\'s personality)');
  return oneOf(env, 'INGO_MOCK_PERSONALITY', PERSONALITIES.map((p) => p.name), 'default');
}

/** The configuration as it may be printed or written: no secrets. */
export function describeConfig(config: HarnessConfig): Record<string, unknown> {
  const who = (p: ParticipantConfig) => ({ username: p.username, algorithm: p.algorithm, hostUri: p.hostUri, paypalEnabled: p.paypalEnabled, secret: '[redacted]' });
  return {
    target: config.target,
    baseUrl: config.baseUrl ?? '(embedded simulator)',
    profile: config.profile,
    seed: config.seed ?? '(random, recorded per run)',
    primary: who(config.primary),
    secondary: config.secondary ? who(config.secondary) : '(not configured)',
    maxRps: config.maxRps ?? '(unpaced: loopback)',
    concurrency: config.concurrency,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(config.mockFaults.length > 0 && { mockFaults: config.mockFaults }),
    ...(config.mockPersonality !== 'default' && { mockPersonality: config.mockPersonality }),
  };
}
