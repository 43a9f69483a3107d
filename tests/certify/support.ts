// Shared helpers of the certify project: the document's example body (with a real e-mail address and
// a fresh participant_unique_id1), signed clients for the demo participants, a simulator with
// --explain whose log lines are kept.
import { randomUUID } from 'node:crypto';
import { SessionClient } from '../../src/client/session-client.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { DEMO_PRIMARY, type Participant } from '../../src/config/demo-participants.ts';
import { loadContract } from '../../src/contract/index.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/mock/index.ts';

export const contract = loadContract();
export const transport = undiciTransport({ connections: 8 });

/** The document's example request with a fresh participant_unique_id1 and a well-formed e-mail. */
export function exampleBody(): Record<string, any> {
  const body = contract.exampleRequest() as Record<string, any>;
  body['participant_unique_id1'] = randomUUID();
  body['recipient_information'].email_address = 'jack.frost@example.com';
  return body;
}

export function clientFor(baseUrl: string, p: Participant = DEMO_PRIMARY): SessionClient {
  return new SessionClient({ baseUrl, credentials: { username: p.username, secret: p.secret, algorithm: 'hmac-sha512' }, scheme: contract.hmac, transport, timeoutMs: 5_000 });
}

export interface ExplainingSimulator {
  readonly sim: RunningSimulator;
  readonly log: string[];
  readonly client: SessionClient;
}

export async function withExplainingSimulator<T>(options: SimulatorOptions, fn: (s: ExplainingSimulator) => Promise<T>): Promise<T> {
  const log: string[] = [];
  const sim = await startSimulator({ ...options, explain: { log: (line) => log.push(line) } });
  try {
    return await fn({ sim, log, client: clientFor(sim.url) });
  } finally {
    await sim.close();
  }
}
