// The server's clock as seen through its Date header (one-second resolution, RFC 9110 §6.6.1).
import { bodyData } from '../client/answer.ts';
import type { SessionResponse } from '../client/session-client.ts';

export interface ClockOffset {
  /** Server clock minus harness clock, in seconds (best estimate). */
  readonly offsetSeconds: number;
  /** How far the true offset may be from the estimate, in seconds. */
  readonly uncertaintySeconds: number;
  /** 'date-header' when measured; 'none' when the server sent no Date header (offset assumed 0). */
  readonly source: 'date-header' | 'none';
}

/**
 * Estimates the offset from one exchange. The Date header is the server's time truncated to the
 * second, taken somewhere between the request's arrival and the response; the harness saw that window
 * as [sentAt, sentAt + elapsed]. Midpoints on both sides give the estimate; half of each window is
 * the uncertainty.
 */
export function clockOffset(exchange: SessionResponse): ClockOffset {
  if (!exchange.serverDate) return { offsetSeconds: 0, uncertaintySeconds: Number.POSITIVE_INFINITY, source: 'none' };
  const serverMid = exchange.serverDate.getTime() + 500;
  const harnessMid = exchange.sentAt.getTime() + exchange.elapsedMs / 2;
  return {
    offsetSeconds: (serverMid - harnessMid) / 1000,
    uncertaintySeconds: 0.5 + exchange.elapsedMs / 2000,
    source: 'date-header',
  };
}

/** The offset in whole seconds, as a person reads it; undefined when the server sent no Date header. */
export function dateHeaderOffsetSeconds(exchange: SessionResponse): number | undefined {
  const offset = clockOffset(exchange);
  return offset.source === 'date-header' ? Math.round(offset.offsetSeconds) : undefined;
}

/**
 * The server's clock as best this exchange tells it: its Date header when it sent one (not documented,
 * so not always there), else a created session's authorized_url_expiration_utc, which the document
 * puts 30 s after issue by the server's clock (SM-RESP-EXPIRY): issue = expiry − ttl, somewhere in
 * [sentAt, sentAt + elapsed], give or take half a second more for an expiry written without a fraction.
 */
export function serverClockOffset(exchange: SessionResponse, ttlSeconds: number): ClockOffset & { readonly via: 'date-header' | 'expiry' | 'none' } {
  const fromDate = clockOffset(exchange);
  if (fromDate.source === 'date-header') return { ...fromDate, via: 'date-header' };
  const raw = bodyData(exchange)?.['authorized_url_expiration_utc'];
  const expiry = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(expiry)) return { ...fromDate, via: 'none' };
  // An expiry written in whole seconds was truncated: the issue time lies somewhere in the next second.
  const wholeSeconds = !/T\d{2}:\d{2}:\d{2}[.,]\d/.test(raw as string);
  const serverIssue = expiry - ttlSeconds * 1000 + (wholeSeconds ? 500 : 0);
  const harnessMid = exchange.sentAt.getTime() + exchange.elapsedMs / 2;
  return { offsetSeconds: (serverIssue - harnessMid) / 1000, uncertaintySeconds: (wholeSeconds ? 0.5 : 0) + exchange.elapsedMs / 2000, source: 'none', via: 'expiry' };
}
