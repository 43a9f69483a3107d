// Sessions and their lifecycle (contract-notes.md). Records live for a fixed lifetime from creation
// and are kept in insertion order, so pruning only ever looks at the oldest entries; a cap evicts
// the oldest first, which keeps memory bounded under sustained load.
import { randomUUID } from 'node:crypto';

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
}

export function isTerminal(state: SessionState): boolean {
  return state === 'Completed' || state === 'Canceled' || state === 'Max Attempts Exceeded';
}

export function stateAt(session: Session, nowMs: number): SessionState {
  return session.state === 'Active' && nowMs >= session.urlExpiresAtMs ? 'Expired' : session.state;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxSessions: number,
    private readonly onDrop: (session: Session) => void,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  create(fields: { participantId: string; hostUri: string; firstName: string; nowMs: number; urlExpiresAtMs: number }): Session {
    this.prune(fields.nowMs);
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.values().next().value as Session;
      this.drop(oldest);
    }
    const session: Session = {
      id: randomUUID(),
      participantId: fields.participantId,
      hostUri: fields.hostUri,
      firstName: fields.firstName,
      createdAtMs: fields.nowMs,
      recordExpiresAtMs: fields.nowMs + this.lifetimeMs,
      state: 'Active',
      failedAttempts: 0,
      urlExpiresAtMs: fields.urlExpiresAtMs,
    };
    this.sessions.set(session.id, session);
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
    for (const session of this.sessions.values()) {
      if (nowMs < session.recordExpiresAtMs) break;
      this.drop(session);
    }
  }

  private drop(session: Session): void {
    this.sessions.delete(session.id);
    this.onDrop(session);
  }
}
