// Moves time past an authorized_url's expiry: against the simulator by advancing its virtual clock
// (milliseconds of real time), against a real server by waiting, in real time, until the server's
// clock has passed authorized_url_expiration_utc. The wait is computed, never guessed: the server's
// clock is estimated from its Date header, biased so that any error makes the wait longer, not shorter.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionResponse } from '../client/session-client.ts';

/** How far past the expiry instant a check runs: the server's own clock resolution and rounding. */
export const EXPIRY_MARGIN_MS = 1_000;

export interface UrlClock {
  readonly kind: 'virtual' | 'real';
  /** Lets time pass until the server's clock is past `expiresAt` + the margin; returns the ms moved. */
  passExpiry(expiresAt: Date, issuedBy: SessionResponse): Promise<number>;
}

export interface VirtualClock {
  now(): Date;
  advance(seconds: number): unknown;
}

export function virtualUrlClock(clock: VirtualClock): UrlClock {
  return {
    kind: 'virtual',
    async passExpiry(expiresAt) {
      const seconds = Math.max(0, Math.ceil((expiresAt.getTime() + EXPIRY_MARGIN_MS - clock.now().getTime()) / 1000));
      await clock.advance(seconds);
      return seconds * 1000;
    },
  };
}

export function realUrlClock(now: () => number = Date.now, wait: (ms: number) => Promise<unknown> = sleep, ttlSeconds?: number): UrlClock {
  return {
    kind: 'real',
    async passExpiry(expiresAt, issuedBy) {
      const ms = realWaitMs(expiresAt, issuedBy, now(), ttlSeconds);
      if (ms > 0) await wait(ms);
      return ms;
    },
  };
}

/**
 * Local milliseconds to wait until the server's clock reads `expiresAt` + margin. The server stamped
 * its Date header (truncated to the second) at some point before the response arrived, so
 * serverDate - arrival underestimates the server's lead over the local clock: the expiry then looks
 * later locally than it is, and the wait errs long. Without a Date header (not documented) and with
 * the URL's lifetime given, the server's clock is read from the expiry itself, which the document puts
 * `ttlSeconds` after issue: the wait is then the lifetime from the answer's arrival (the latest the
 * session can have been issued), which errs long too.
 */
export function realWaitMs(expiresAt: Date, issuedBy: SessionResponse, nowMs: number, ttlSeconds?: number): number {
  const arrivedAt = issuedBy.sentAt.getTime() + issuedBy.elapsedMs;
  const serverLeadMs = issuedBy.serverDate
    ? issuedBy.serverDate.getTime() - arrivedAt
    : ttlSeconds !== undefined
      ? expiresAt.getTime() - ttlSeconds * 1000 - arrivedAt
      : 0;
  return Math.max(0, Math.ceil(expiresAt.getTime() - serverLeadMs + EXPIRY_MARGIN_MS - nowMs));
}
