// The embedded IngoPay Session Management simulator: the harness's default target and a stand-alone
// tool for integrators (npm run mock). See README.md beside this file for its behaviour.
import { DEMO_PARTICIPANTS, type Participant } from '../config/demo-participants.ts';
import { loadContract, type Contract } from '../contract/index.ts';
import { createClock } from './clock.ts';
import { compileFaults } from './faults.ts';
import { checkParticipants } from './participants.ts';
import { SimulatorServer } from './server.ts';

export { FAULT_MODES, faultModesFor, type FaultMode } from './faults.ts';
export { SESSION_NOT_REAUTHORIZABLE } from './responses.ts';
export type { SessionState } from './sessions.ts';

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
  /** Default 64 KiB; larger bodies get 413. */
  maxBodyBytes?: number;
  /** Default 50 000; the oldest session (and its key) is evicted beyond it. */
  maxSessions?: number;
  /** Failed verification attempts after which a session is terminated. Default 3. */
  maxVerificationAttempts?: number;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  /** advance throws unless virtualClock. */
  readonly clock: { now(): Date; advance(seconds: number): void };
  readonly faults: readonly string[];
  stats(): { sessions: number; idempotencyKeys: number };
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_SESSIONS = 50_000;
export const DEFAULT_MAX_VERIFICATION_ATTEMPTS = 3;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const contract = options.contract ?? loadContract();
  const participants = checkParticipants(options.participants ?? [...DEMO_PARTICIPANTS]);
  const faults = compileFaults(options.faults ?? [], contract);
  const clock = createClock(options.virtualClock ?? false);
  const server = new SimulatorServer({
    contract,
    participants,
    clock,
    faults,
    chaos: options.chaos ?? {},
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    maxSessions: positiveInteger('maxSessions', options.maxSessions ?? DEFAULT_MAX_SESSIONS),
    maxVerificationAttempts: positiveInteger('maxVerificationAttempts', options.maxVerificationAttempts ?? DEFAULT_MAX_VERIFICATION_ATTEMPTS),
  });
  const url = await server.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  let closing: Promise<void> | undefined;
  return Object.freeze({
    url,
    clock: Object.freeze({ now: () => clock.now(), advance: (seconds: number) => clock.advance(seconds) }),
    faults: faults.names,
    stats() {
      const now = clock.nowMs();
      server.sessions.prune(now);
      server.keys.prune(now);
      return { sessions: server.sessions.size, idempotencyKeys: server.keys.size };
    },
    close: () => (closing ??= server.close()),
  });
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}
