// Sessions and their lifecycle (contract-notes.md). Records live for a fixed lifetime from creation
// and are kept in insertion order, so pruning only ever looks at the oldest entries; a cap evicts
// the oldest first, which keeps memory bounded under sustained load.
import { randomFillSync } from 'node:crypto';
import { Fifo } from './fifo.ts';

/** Stored states; "Expired" is derived: an Active session whose latest authorized URL has died. */
export type StoredSessionState = 'Active' | 'Completed' | 'Canceled' | 'Max Attempts Exceeded';
export type SessionState = StoredSessionState | 'Expired';

export interface Session {
  readonly id: string;
  readonly participantId: string;
  readonly hostUri: string;
  readonly firstName: string;
  readonly createdAtMs: number;
  /** When the record itself is dropped (the idempotency-key lifetime). */
  readonly recordExpiresAtMs: number;
  state: StoredSessionState;
  failedAttempts: number;
  /** Expiry of the most recently issued authorized URL. */
  urlExpiresAtMs: number;
  /** The t of the last URL that was opened while fresh: its page may still act after the 30 s. */
  mountedT?: string;
  /** The idempotency store key that points at this session, dropped with it. */
  keyScope?: string;
  /** A server-generated participant_unique_id1, when the personality answers with one. */
  readonly generatedId1?: string;
}

export function isTerminal(state: SessionState): boolean {
  return state === 'Completed' || state === 'Canceled' || state === 'Max Attempts Exceeded';
}

export function stateAt(session: Session, nowMs: number): SessionState {
  return session.state === 'Active' && nowMs >= session.urlExpiresAtMs ? 'Expired' : session.state;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Creation order; may hold sessions already dropped by get() (skipped when reached). */
  private readonly order = new Fifo<Session>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxSessions: number,
    private readonly onDrop: (session: Session) => void,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  create(fields: {
    participantId: string;
    hostUri: string;
    firstName: string;
    nowMs: number;
    urlExpiresAtMs: number;
    /** Default: a lower-case v4 UUID. */
    id?: string;
    generatedId1?: string;
  }): Session {
    this.prune(fields.nowMs);
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.order.shift()!;
      if (this.sessions.get(oldest.id) === oldest) this.drop(oldest);
    }
    const session: Session = {
      id: fields.id ?? newUuid(),
      participantId: fields.participantId,
      hostUri: fields.hostUri,
      firstName: fields.firstName,
      createdAtMs: fields.nowMs,
      recordExpiresAtMs: fields.nowMs + this.lifetimeMs,
      state: 'Active',
      failedAttempts: 0,
      urlExpiresAtMs: fields.urlExpiresAtMs,
      // Declared up front so every session keeps one hidden class.
      mountedT: undefined,
      keyScope: undefined,
      generatedId1: fields.generatedId1,
    };
    this.sessions.set(session.id, session);
    this.order.push(session);
    if (this.order.length > 2 * this.sessions.size + 1024) this.order.retain((s) => this.sessions.get(s.id) === s);
    return session;
  }

  get(id: string, nowMs: number): Session | undefined {
    const session = this.sessions.get(id);
    if (session && nowMs >= session.recordExpiresAtMs) {
      this.drop(session);
      return undefined;
    }
    return session;
  }

  prune(nowMs: number): void {
    for (let oldest = this.order.peek(); oldest && nowMs >= oldest.recordExpiresAtMs; oldest = this.order.peek()) {
      this.order.shift();
      if (this.sessions.get(oldest.id) === oldest) this.drop(oldest);
    }
  }

  private drop(session: Session): void {
    this.sessions.delete(session.id);
    this.onDrop(session);
  }
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const entropy = Buffer.alloc(16 * 256);
let entropyOffset = entropy.length;

/**
 * A v4 UUID as a flat one-byte string. crypto.randomUUID() strings cost about 500 bytes of heap each
 * (measured on Node 20), which at the session cap would be ~50 MB for identifiers alone.
 */
export function newUuid(): string {
  if (entropyOffset >= entropy.length) {
    randomFillSync(entropy);
    entropyOffset = 0;
  }
  const o = entropyOffset;
  entropyOffset += 16;
  entropy[o + 6] = (entropy[o + 6]! & 0x0f) | 0x40;
  entropy[o + 8] = (entropy[o + 8]! & 0x3f) | 0x80;
  const out = Buffer.allocUnsafe(36);
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[j++] = 0x2d;
    const b = entropy[o + i]!;
    out[j++] = HEX[b >> 4]!;
    out[j++] = HEX[b & 15]!;
  }
  return out.toString('latin1');
}
