// The embedded IngoPay Session Management simulator: the harness's default target and a stand-alone
// tool for integrators (npm run mock). See README.md beside this file for its stages, personalities
// and faults.
import { DEMO_PARTICIPANTS, type Participant } from '../config/demo-participants.ts';
import { loadContract, type Contract } from '../contract/index.ts';
import { createClock } from './core/clock.ts';
import { checkParticipants } from './core/participants.ts';
import { applyOverrides, defaultSeams } from './core/seams.ts';
import { faultOverrides } from './faults/index.ts';
import { resolvePersonality } from './personality/index.ts';
import { CertifyMode, type CertifyModeOptions } from './certify/certify-mode.ts';
import { Explainer } from './explain/explainer.ts';
import { SimulatorServer } from './server.ts';

export { FAULT_MODES, faultModesFor, type FaultMode } from './faults/index.ts';
export { SESSION_NOT_REAUTHORIZABLE } from './stages/replies.ts';
export type { SessionState } from './store/sessions.ts';
export { CHOICES, PERSONALITIES, CLASSIC_EXPIRED_TEXT, type Choice, type ChoiceName, type Personality } from './personality/index.ts';
export type { Refusal } from './core/refusal.ts';
export { EXPLAIN_HEADER } from './explain/explainer.ts';
export type { CertifyModeOptions, PageEvent } from './certify/certify-mode.ts';
export { describeRefusal } from './core/refusal.ts';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default DEMO_PARTICIPANTS. */
  participants?: Participant[];
  /** Default false. When true: the admin endpoint exists and clock.advance works. */
  virtualClock?: boolean;
  /** Fault mode names (FAULT_MODES). */
  faults?: string[];
  chaos?: { latencyMs?: number; errorRate?: number; dropRate?: number; seed?: number };
  /** Default loadContract(). */
  contract?: Contract;
  /** Default: the personality's body limit (64 KiB for most); larger bodies are refused. */
  maxBodyBytes?: number;
  /** Default 50 000; the oldest session (and its key) is evicted beyond it. */
  maxSessions?: number;
  /** Failed verification attempts after which a session is terminated. Default 3. */
  maxVerificationAttempts?: number;
  /** A named personality (PERSONALITIES). Default "default": today's simulator. */
  personality?: string;
  /** Single choices changed on top of the personality, e.g. { 'keep-alive': 'off' }. */
  choices?: Record<string, string>;
  /** Seed of the latency jitter (and of chaos, unless chaos.seed is given). Default 1. */
  seed?: number;
  /**
   * Local use only: every refused request is explained in an X-Simulator-Explain header and in log
   * lines (which rule, which signing mistake, the signing strings; never the secret). Default off.
   */
  explain?: { readonly log: (line: string) => void };
  /**
   * npm run certify-client only: every plug-in page request is reported, pages carry a beacon that
   * tells who frames them, and the first URL of a keyed session is answered as expired on its first
   * open. Default off.
   */
  certify?: CertifyModeOptions;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  /** Where authorized URLs point: the API's origin, or another one (e.g. http://localhost:43124). */
  readonly pluginOrigin: string;
  /** advance throws unless virtualClock. */
  readonly clock: { now(): Date; advance(seconds: number): void };
  readonly faults: readonly string[];
  readonly personality: string;
  /** Every choice's effective value. */
  readonly choices: Readonly<Record<string, string>>;
  /** The body size limit in force. */
  readonly maxBodyBytes: number;
  stats(): { sessions: number; idempotencyKeys: number };
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_SESSIONS = 50_000;
export const DEFAULT_MAX_VERIFICATION_ATTEMPTS = 3;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const contract = options.contract ?? loadContract();
  const participants = checkParticipants(options.participants ?? [...DEMO_PARTICIPANTS]);
  const resolved = resolvePersonality(options.personality ?? 'default', options.choices ?? {});
  const faults = faultOverrides(options.faults ?? [], contract);
  const env = { contract, participants };
  // Personality first, then faults: a fault must break its rule under any personality.
  const seams = applyOverrides(defaultSeams(env, DEFAULT_MAX_BODY_BYTES), resolved.overrides, env);
  if (options.maxBodyBytes !== undefined) seams['read-body'].maxBytes = positiveInteger('maxBodyBytes', options.maxBodyBytes);
  applyOverrides(seams, faults.overrides, env);
  const clock = createClock(options.virtualClock ?? false);
  const seed = options.seed ?? options.chaos?.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
  const server = new SimulatorServer({
    contract,
    participants,
    clock,
    seams,
    chaos: options.chaos ?? {},
    seed,
    maxSessions: positiveInteger('maxSessions', options.maxSessions ?? DEFAULT_MAX_SESSIONS),
    maxVerificationAttempts: positiveInteger('maxVerificationAttempts', options.maxVerificationAttempts ?? DEFAULT_MAX_VERIFICATION_ATTEMPTS),
    ...(options.explain && { explainer: new Explainer(contract, participants, () => clock.nowMs(), options.explain.log) }),
    ...(options.certify && { certify: new CertifyMode(options.certify, () => clock.nowMs()) }),
  });
  const url = await server.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  const { sessions, keys } = server.stages;
  let closing: Promise<void> | undefined;
  return Object.freeze({
    url,
    pluginOrigin: server.pluginOrigin,
    clock: Object.freeze({ now: () => clock.now(), advance: (seconds: number) => clock.advance(seconds) }),
    faults: faults.names,
    personality: resolved.personality.name,
    choices: resolved.choices,
    maxBodyBytes: seams['read-body'].maxBytes,
    stats() {
      const now = clock.nowMs();
      sessions.prune(now);
      keys.prune(now);
      return { sessions: sessions.size, idempotencyKeys: keys.size };
    },
    close: () => (closing ??= server.close()),
  });
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}
