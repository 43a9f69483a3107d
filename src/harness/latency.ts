// Measures how fast the target answers, once per worker: a warm-up request, then a few valid create
// requests one after another, each with its own Idempotency-Key (so a retry anywhere could never
// create a second session). The median scales every time limit of the run (profile.ts). The probes are
// paced like every other request, but never retried: a target that does not answer is left for the
// tests to meet, and reported by them as infrastructure trouble.
import { randomUUID } from 'node:crypto';
import type { Pacer } from '../client/pacing.ts';
import { pacedTransport } from '../client/pacing.ts';
import { SessionClient } from '../client/session-client.ts';
import { TransportError, type HttpTransport } from '../client/transport.ts';
import { undiciTransport } from '../client/undici-transport.ts';
import type { HarnessConfig } from '../config/index.ts';
import type { Contract } from '../contract/index.ts';
import type { RunningSimulator } from '../mock/index.ts';
import { validSessionBody } from '../contract/index.ts';
import { credentialsOf } from './credentials.ts';
import { participantProfile } from './participants.ts';
import type { TargetLatency } from './profile.ts';

/** Measured answers after the warm-up (a cold connection and a cold JIT are not the target's pace). */
export const LATENCY_PROBES = 3;

export interface LatencyProbeInput {
  readonly config: HarnessConfig;
  readonly contract: Contract;
  readonly target: { readonly mode: 'mock' | 'remote'; readonly baseUrl: string; readonly simulator?: RunningSimulator };
  readonly pacer: Pacer | undefined;
}

export async function measureTargetLatency({ config, contract, target, pacer }: LatencyProbeInput): Promise<TargetLatency | undefined> {
  const transport = undiciTransport({ connections: 1 });
  try {
    // Timed inside the pacer: the wait for a pacing slot is not the target's latency.
    let lastMs = 0;
    const timed: HttpTransport = async (request) => {
      const started = performance.now();
      try {
        return await transport(request);
      } finally {
        lastMs = performance.now() - started;
      }
    };
    const client = new SessionClient({
      baseUrl: target.baseUrl,
      credentials: credentialsOf(config.primary),
      scheme: contract.hmac,
      transport: pacer ? pacedTransport(timed, pacer) : timed,
      timeoutMs: config.requestTimeoutMs,
      ...(target.simulator && { now: () => target.simulator!.clock.now() }),
    });
    const participant = participantProfile(config, 'primary', target.mode);
    const times: number[] = [];
    for (let i = 0; i <= LATENCY_PROBES; i++) {
      try {
        await client.createSession(validSessionBody(contract, { participant, idPrefix: 'latency-probe' }), { idempotencyKey: randomUUID() });
        if (i > 0) times.push(lastMs);
      } catch (error) {
        if (error instanceof TransportError) break; // no answer: nothing more to learn here
        throw error;
      }
    }
    return summarise(times);
  } finally {
    await transport.close();
  }
}

export function summarise(times: readonly number[]): TargetLatency | undefined {
  if (times.length === 0) return undefined;
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const medianMs = sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { medianMs, maxMs: sorted[sorted.length - 1]!, samples: sorted.length };
}
