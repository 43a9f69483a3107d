// Shared helpers for the simulator's own tests: an in-process simulator with a virtual clock, signed
// clients for the demo participants, valid bodies built from the contract's example, and values of
// a given length built from the contract's field rules (never re-typed limits).
import { SessionClient, type CreateSessionOptions, type SessionResponse } from '../../src/client/session-client.ts';
import type { Credentials } from '../../src/client/signer.ts';
import { undiciTransport } from '../../src/client/undici-transport.ts';
import { DEMO_PRIMARY, DEMO_SECONDARY, type Participant } from '../../src/config/demo-participants.ts';
import { loadContract, type FieldRule } from '../../src/contract/index.ts';
import { PERSONALITIES, startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/mock/index.ts';

export const contract = loadContract();
export const transport = undiciTransport({ connections: 64 });
export { DEMO_PRIMARY, DEMO_SECONDARY };

export function credentials(p: Participant, algorithm: Credentials['algorithm'] = 'hmac-sha512'): Credentials {
  return { username: p.username, secret: p.secret, algorithm };
}

export interface Harness {
  readonly sim: RunningSimulator;
  /** The text marking an expired plug-in page that answers 2xx (the personality's INGO_PLUGIN_EXPIRED_TEXT). */
  readonly expiredText: string | undefined;
  /** The PayPal-enabled demo participant. */
  readonly client: SessionClient;
  /** The standard demo participant. */
  readonly secondary: SessionClient;
  close(): Promise<void>;
}

/** A simulator with a virtual clock (unless told otherwise) and clients that sign with its clock. */
export async function harness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ virtualClock: true, ...options });
  const client = new SessionClient({
    baseUrl: sim.url,
    credentials: credentials(DEMO_PRIMARY),
    scheme: contract.hmac,
    transport,
    timeoutMs: 5_000,
    now: () => sim.clock.now(),
  });
  const expiredText = PERSONALITIES.find((p) => p.name === sim.personality)?.harnessEnv['INGO_PLUGIN_EXPIRED_TEXT'];
  return { sim, expiredText, client, secondary: client.withCredentials(credentials(DEMO_SECONDARY)), close: () => sim.close() };
}

export async function withHarness<T>(options: SimulatorOptions, fn: (h: Harness) => Promise<T>): Promise<T> {
  const h = await harness(options);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** A value of exactly n characters that passes the field's pattern (if any). */
export function valueOfLength(field: FieldRule, n: number): string {
  const found = tryValueOfLength(field, n);
  if (found === undefined) throw new Error(`no value of length ${n} for ${field.key}`);
  return found;
}

export function tryValueOfLength(field: FieldRule, n: number): string | undefined {
  if (field.name.includes('email')) return emailOfLength(n);
  const re = field.pattern ? new RegExp(field.pattern, 'u') : undefined;
  const candidates = [
    'https://' + 'a'.repeat(Math.max(0, n - 8)),
    'a'.repeat(n),
    '1'.repeat(n),
    '12345-' + '6'.repeat(Math.max(0, n - 6)),
  ];
  return candidates.find((c) => c.length === n && (!re || re.test(c)) && (!field.enum || field.enum.includes(c)));
}

/** A well-formed address of exactly n characters (local part at most 64, labels at most 63). */
export function emailOfLength(n: number): string | undefined {
  const tail = 'example.com';
  let rest = n - 1 - tail.length - 1;
  if (rest < 0) return undefined;
  let labels = '';
  while (rest >= 51) {
    labels += `${'d'.repeat(50)}.`;
    rest -= 51;
  }
  return `${'a'.repeat(1 + rest)}@${labels}${tail}`;
}

export const limitedFields = () => contract.fields.filter((f) => f.type === 'string' && f.maxLength !== undefined && !f.enum);
export const requiredFields = () => contract.fields.filter((f) => f.required);

export async function create(client: SessionClient, body: unknown, options?: CreateSessionOptions): Promise<SessionResponse> {
  return client.createSession(body, options);
}
